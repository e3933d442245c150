import { MerkleTree } from "@lightprotocol/stateless.js";
import type { LightWasm } from "@lightprotocol/hasher.rs";
import { LeafOrderError, LeafOutOfRangeError, LightInputError } from "./errors.js";
import { beToBigInt, bigIntToBe, isBn254FieldElement } from "./field.js";
import { STATE_TREE_V1_HEIGHT } from "./ids.js";
import { poseidon, poseidonBigInt } from "./hasher.js";

// stateless.js's MerkleTree asks only for poseidonHashString (decimal strings in and out).
const MERKLE_HASHER = {
  poseidonHashString: (inputs: string[]) =>
    poseidonBigInt(inputs.map((i) => BigInt(i))).toString(10),
} as unknown as LightWasm;

/** A leaf's path to the root: one sibling per level, bottom first. */
export interface InclusionProof {
  leafIndex: number;
  siblings: Uint8Array[];
  /** The root this proof was taken against. */
  root: Uint8Array;
}

/**
 * An off-chain copy of a V1 state tree, rebuilt from its leaves in append order (from leaf 0:
 * a tree that already held leaves before the copy started cannot be followed).
 */
export class LocalTree {
  private readonly tree: MerkleTree;
  private readonly leaves: Uint8Array[] = [];

  /** An empty tree of `height` levels (26, the V1 state tree's, by default). */
  constructor(readonly height = STATE_TREE_V1_HEIGHT) {
    this.tree = new MerkleTree(height, MERKLE_HASHER);
  }

  /** Same as the constructor. */
  static create(height = STATE_TREE_V1_HEIGHT): LocalTree {
    return new LocalTree(height);
  }

  /** Number of leaves appended. */
  get size(): number {
    return this.leaves.length;
  }

  /** Appends `hash` at `leafIndex`, which must be the next index. */
  append(leafIndex: number, hash: Uint8Array): void {
    this.appendAll([{ leafIndex, hash }]);
  }

  /**
   * Appends leaves given with their indices, in any order, as long as they continue the tree
   * without a gap. Nothing is appended when one of them is out of order or not a field element.
   */
  appendAll(leaves: readonly { leafIndex: number; hash: Uint8Array }[]): void {
    const sorted = [...leaves].sort((a, b) => a.leafIndex - b.leafIndex);
    sorted.forEach((leaf, i) => {
      if (leaf.leafIndex !== this.size + i) throw new LeafOrderError(this.size + i, leaf.leafIndex);
      if (leaf.hash.length !== 32 || !isBn254FieldElement(leaf.hash)) {
        throw new LightInputError("leaf", "not 32 bytes below the BN254 modulus");
      }
    });
    const elements = sorted.map((l) => beToBigInt(l.hash).toString(10));
    // An append rehashes one path (height hashes); a rebuild rehashes the whole tree once
    // (about as many hashes as leaves). Take the cheaper.
    if (elements.length * this.height > this.size + elements.length) {
      this.tree.bulkInsert(elements);
    } else {
      for (const e of elements) this.tree.insert(e);
    }
    for (const leaf of sorted) this.leaves.push(Uint8Array.from(leaf.hash));
  }

  /** The root over all leaves appended so far (the empty tree's root when none). */
  root(): Uint8Array {
    return bigIntToBe(BigInt(this.tree.root()));
  }

  /** The leaf at `leafIndex`. */
  leaf(leafIndex: number): Uint8Array {
    this.assertHeld(leafIndex);
    return Uint8Array.from(this.leaves[leafIndex] as Uint8Array);
  }

  /** A proof that the leaf at `leafIndex` is in the current root. */
  prove(leafIndex: number): InclusionProof {
    this.assertHeld(leafIndex);
    const { pathElements } = this.tree.path(leafIndex);
    return {
      leafIndex,
      siblings: pathElements.map((e) => bigIntToBe(BigInt(e))),
      root: this.root(),
    };
  }

  /** Whether `leaf` with `proof` hashes up to `root`. */
  verify(leaf: Uint8Array, proof: InclusionProof, root: Uint8Array): boolean {
    return verifyInclusion(leaf, proof, root);
  }

  private assertHeld(leafIndex: number): void {
    if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= this.size) {
      throw new LeafOutOfRangeError(leafIndex, this.size);
    }
  }
}

/** An inclusion proof for the leaf at `leafIndex` of `tree`, against its current root. */
export function proveInclusion(tree: LocalTree, leafIndex: number): InclusionProof {
  return tree.prove(leafIndex);
}

/** Whether `leaf` with `proof` hashes up to `root` (Poseidon, left/right by leaf index). */
export function verifyInclusion(
  leaf: Uint8Array,
  proof: InclusionProof,
  root: Uint8Array,
): boolean {
  if (leaf.length !== 32 || root.length !== 32 || !isBn254FieldElement(leaf)) return false;
  if (!Number.isInteger(proof.leafIndex) || proof.leafIndex < 0) return false;
  if (proof.leafIndex >= 2 ** proof.siblings.length) return false;
  let node = leaf;
  let index = proof.leafIndex;
  for (const sibling of proof.siblings) {
    if (sibling.length !== 32 || !isBn254FieldElement(sibling)) return false;
    node = index % 2 === 0 ? poseidon([node, sibling]) : poseidon([sibling, node]);
    index = Math.floor(index / 2);
  }
  return Buffer.from(node).equals(Buffer.from(root));
}
