/**
 * Fixed-size entries in one growing byte array: a few bytes per entry instead of an object
 * (and its header) each, which is what keeps a follower's memory per leaf small.
 */
export class EntryArena {
  private bytes: Uint8Array;
  private count = 0;

  constructor(
    readonly entryBytes: number,
    initialEntries = 1024,
  ) {
    this.bytes = new Uint8Array(entryBytes * initialEntries);
  }

  get length(): number {
    return this.count;
  }

  /** Bytes held, including unused capacity. */
  get capacityBytes(): number {
    return this.bytes.byteLength;
  }

  /** Grows to hold `entries` entries (new ones zeroed). */
  resize(entries: number): void {
    const needed = entries * this.entryBytes;
    if (needed > this.bytes.byteLength) {
      let capacity = this.bytes.byteLength || this.entryBytes;
      while (capacity < needed) capacity *= 2;
      const grown = new Uint8Array(capacity);
      grown.set(this.bytes.subarray(0, this.count * this.entryBytes));
      this.bytes = grown;
    }
    this.count = Math.max(this.count, entries);
  }

  /** A view of entry `i` (valid until the next resize). */
  view(i: number): Uint8Array {
    const at = i * this.entryBytes;
    return this.bytes.subarray(at, at + this.entryBytes);
  }

  set(i: number, value: Uint8Array, offset = 0): void {
    this.bytes.set(value, i * this.entryBytes + offset);
  }
}
