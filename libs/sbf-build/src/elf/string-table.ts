/** An ELF string table: offset 0 is the empty string, names follow in insertion order. */
export class StringTable {
  private readonly parts: string[] = [];
  private readonly offsets = new Map<string, number>();
  private size = 1;

  /** Adds `value` once and returns its offset. */
  add(value: string): number {
    const known = this.offsets.get(value);
    if (known !== undefined) return known;
    const offset = this.size;
    this.parts.push(value);
    this.offsets.set(value, offset);
    this.size += Buffer.byteLength(value) + 1;
    return offset;
  }

  bytes(): Uint8Array {
    return new Uint8Array(Buffer.from(`\0${this.parts.map((p) => `${p}\0`).join("")}`));
  }
}
