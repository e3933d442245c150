import { isBn254FieldElement, poseidon, STATE_TREE_V1_HEIGHT } from "@pod/light";
import { ProofConfigError } from "./errors.js";
import { EntryArena } from "./growable.js";

const NODE_BYTES = 32;

/**
 * An append-only Poseidon Merkle tree laid out as Light's V1 concurrent tree (zero leaves,
 * left/right by index), holding every node of every level in flat arrays: about 64 bytes per
 * leaf. Appending k leaves rehashes only the nodes above them (about 2k + height hashes), so
 * a back-fill costs about as much as one rebuild and a single append one path.
 */
export class CompactTree {
  private readonly levels: EntryArena[];
  private readonly zeros: Uint8Array[];
  private leaves = 0;

  constructor(readonly height = STATE_TREE_V1_HEIGHT) {
    if (!Number.isInteger(height) || height < 1 || height > 32) {
      throw new ProofConfigError("height", `${height} is not 1..32`);
    }
    this.levels = Array.from({ length: height + 1 }, () => new EntryArena(NODE_BYTES, 16));
    this.zeros = [new Uint8Array(NODE_BYTES)];
    for (let h = 0; h < height; h++) {
      const z = this.zeros[h] as Uint8Array;
      this.zeros.push(poseidon([z, z]));
    }
  }

  /** Leaves appended so far (the next leaf's index). */
  get size(): number {
    return this.leaves;
  }

  /** Bytes the node arrays hold, unused capacity included. */
  get bytesHeld(): number {
    return this.levels.reduce((n, l) => n + l.capacityBytes, 0);
  }

  /** Appends `hashes` at size, size + 1, ... (each 32 bytes below the BN254 modulus). */
  appendAll(hashes: readonly Uint8Array[]): void {
    if (hashes.length === 0) return;
    const first = this.leaves;
    const next = first + hashes.length;
    if (next > 2 ** this.height) {
      throw new RangeError(`tree of height ${this.height} is full`);
    }
    for (const h of hashes) {
      if (h.length !== NODE_BYTES || !isBn254FieldElement(h)) {
        throw new RangeError("leaf is not 32 bytes below the BN254 modulus");
      }
    }
    const bottom = this.levels[0] as EntryArena;
    bottom.resize(next);
    hashes.forEach((h, i) => bottom.set(first + i, h));

    let lo = first;
    let hi = next - 1;
    for (let h = 0; h < this.height; h++) {
      const count = Math.ceil(next / 2 ** h);
      const parents = this.levels[h + 1] as EntryArena;
      parents.resize((hi >> 1) + 1);
      for (let p = lo >> 1; p <= hi >> 1; p++) {
        const left = this.node(h, 2 * p, count);
        const right = this.node(h, 2 * p + 1, count);
        parents.set(p, poseidon([left, right]));
      }
      lo >>= 1;
      hi >>= 1;
    }
    this.leaves = next;
  }

  /** The root over the leaves appended so far (the empty tree's root when none). */
  root(): Uint8Array {
    return Uint8Array.from(this.node(this.height, 0, this.leaves === 0 ? 0 : 1));
  }

  /** The leaf at `index` (a copy). */
  leaf(index: number): Uint8Array {
    this.assertHeld(index);
    return Uint8Array.from((this.levels[0] as EntryArena).view(index));
  }

  /** One sibling per level from the leaf up (copies), against the current root. */
  siblings(index: number): Uint8Array[] {
    this.assertHeld(index);
    const out: Uint8Array[] = [];
    for (let h = 0; h < this.height; h++) {
      const count = Math.ceil(this.leaves / 2 ** h);
      out.push(Uint8Array.from(this.node(h, (index >> h) ^ 1, count)));
    }
    return out;
  }

  private node(level: number, index: number, count: number): Uint8Array {
    if (index >= count) return this.zeros[level] as Uint8Array;
    return (this.levels[level] as EntryArena).view(index);
  }

  private assertHeld(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.leaves) {
      throw new RangeError(`leaf ${index} is outside the tree's ${this.leaves} leaves`);
    }
  }
}
