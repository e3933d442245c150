import { fromBase58, toBase58 } from "@pod/protocol";
import { EntryArena } from "./growable.js";
import { POD_RECORD_BYTES } from "./pod-record.js";

// Per leaf: the record's data, then the 1-based number of the transaction that appended it
// (0: not a PoD record, nothing to prove).
const LEAF_ENTRY = POD_RECORD_BYTES + 4;
// Per transaction: its 64-byte signature, then its slot as a float64.
const TX_ENTRY = 64 + 8;

/** What the follower remembers of one provable leaf. */
export interface BookedLeaf {
  leafIndex: number;
  data: Uint8Array;
  lamports: bigint;
  signature: string;
  slot: number;
}

/**
 * The provable PoD leaves by index and by commitment, in flat arrays: a record's 72 data
 * bytes plus a few bytes of index per leaf, one signature per transaction. The commitment
 * index keys on the commitment's first 30 bits (a small integer, cheap as a Map key) and
 * confirms the full 32 bytes against the record, so a prefix collision costs a lookup, never a
 * wrong answer.
 */
export class LeafBook {
  private readonly leaves = new EntryArena(LEAF_ENTRY, 64);
  private readonly txs = new EntryArena(TX_ENTRY, 16);
  // Rare: PoD records carry no lamports; any that do are kept aside.
  private readonly lamports = new Map<number, bigint>();
  private readonly byPrefix = new Map<number, number>();
  private readonly collisions: number[][] = [];
  private provable = 0;

  /** Leaves that carry a PoD record. */
  get provableCount(): number {
    return this.provable;
  }

  /** Bytes held by the flat arrays (the Map's own entries are not counted). */
  get bytesHeld(): number {
    return this.leaves.capacityBytes + this.txs.capacityBytes;
  }

  /** Registers a transaction; returns the number its leaves refer to. */
  addTransaction(signature: string, slot: number): number {
    const bytes = fromBase58(signature);
    if (bytes === undefined || bytes.length !== 64) {
      throw new RangeError(`not a transaction signature: ${signature}`);
    }
    const n = this.txs.length;
    this.txs.resize(n + 1);
    this.txs.set(n, bytes);
    new DataView(this.txs.view(n).buffer, this.txs.view(n).byteOffset).setFloat64(64, slot, true);
    return n + 1;
  }

  /** Makes room for leaves up to `leafIndex` (those not added stay unprovable). */
  reserve(leafCount: number): void {
    this.leaves.resize(leafCount);
  }

  /** Records the PoD leaf at `leafIndex`, appended by transaction number `tx`. */
  addLeaf(leafIndex: number, tx: number, data: Uint8Array, lamports: bigint): void {
    this.leaves.resize(Math.max(this.leaves.length, leafIndex + 1));
    const entry = this.leaves.view(leafIndex);
    entry.set(data, 0);
    new DataView(entry.buffer, entry.byteOffset).setUint32(POD_RECORD_BYTES, tx, true);
    if (lamports !== 0n) this.lamports.set(leafIndex, lamports);
    this.indexCommitment(data.subarray(32, 64), leafIndex);
    this.provable += 1;
  }

  /** The first leaf whose record carries `commitment` (32 bytes), if any. */
  findCommitment(commitment: Uint8Array): number | undefined {
    const slot = this.byPrefix.get(prefixOf(commitment));
    if (slot === undefined) return undefined;
    const candidates = slot >= 0 ? [slot] : (this.collisions[-slot - 1] as number[]);
    return candidates.find((i) => this.commitmentAt(i, commitment));
  }

  /** The booked leaf at `leafIndex`, or undefined when it carries no PoD record. */
  leaf(leafIndex: number): BookedLeaf | undefined {
    if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= this.leaves.length) {
      return undefined;
    }
    const entry = this.leaves.view(leafIndex);
    const tx = new DataView(entry.buffer, entry.byteOffset).getUint32(POD_RECORD_BYTES, true);
    if (tx === 0) return undefined;
    const txEntry = this.txs.view(tx - 1);
    return {
      leafIndex,
      data: entry.slice(0, POD_RECORD_BYTES),
      lamports: this.lamports.get(leafIndex) ?? 0n,
      signature: toBase58(txEntry.subarray(0, 64)),
      slot: new DataView(txEntry.buffer, txEntry.byteOffset).getFloat64(64, true),
    };
  }

  private commitmentAt(leafIndex: number, commitment: Uint8Array): boolean {
    const entry = this.leaves.view(leafIndex);
    for (let i = 0; i < 32; i++) if (entry[32 + i] !== commitment[i]) return false;
    return true;
  }

  private indexCommitment(commitment: Uint8Array, leafIndex: number): void {
    const key = prefixOf(commitment);
    const slot = this.byPrefix.get(key);
    if (slot === undefined) {
      this.byPrefix.set(key, leafIndex);
    } else if (slot >= 0) {
      this.collisions.push([slot, leafIndex]);
      this.byPrefix.set(key, -this.collisions.length);
    } else {
      (this.collisions[-slot - 1] as number[]).push(leafIndex);
    }
  }
}

// V8 keeps integers below 2^30 unboxed on every build (pointer compression included).
function prefixOf(commitment: Uint8Array): number {
  return (
    (((commitment[0] as number) << 22) |
      ((commitment[1] as number) << 14) |
      ((commitment[2] as number) << 6) |
      ((commitment[3] as number) >> 2)) >>>
    0
  );
}
