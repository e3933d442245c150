import { bigIntToBe, LocalTree, verifyInclusion as lightVerify } from "@pod/light";
import { describe, expect, it } from "vitest";
import { CompactTree } from "../src/index.js";

const leaf = (i: number) => bigIntToBe(BigInt(i) * 1_000_003n + 17n);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("CompactTree", () => {
  it("compact tree - roots and siblings equal LocalTree's after single and batched appends", () => {
    const reference = new LocalTree();
    const compact = new CompactTree();
    expect(hex(compact.root())).toBe(hex(reference.root()));

    // Batches of 1, 2, 5, 9, 16, 1: runs that start and end inside subtrees of every size.
    let next = 0;
    for (const n of [1, 2, 5, 9, 16, 1]) {
      const batch = Array.from({ length: n }, (_, i) => leaf(next + i));
      reference.appendAll(batch.map((hash, i) => ({ leafIndex: next + i, hash })));
      compact.appendAll(batch);
      next += n;
      expect(compact.size).toBe(next);
      expect(hex(compact.root())).toBe(hex(reference.root()));
    }
    for (const i of [0, 1, 7, 16, 33]) {
      expect(compact.siblings(i).map(hex)).toEqual(reference.prove(i).siblings.map(hex));
      expect(hex(compact.leaf(i))).toBe(hex(leaf(i)));
      const proof = { leafIndex: i, siblings: compact.siblings(i), root: compact.root() };
      expect(lightVerify(leaf(i), proof, compact.root())).toBe(true);
    }
  });

  it("compact tree - a leaf at or above the BN254 modulus or out of range is refused", () => {
    const tree = new CompactTree(4);
    expect(() => tree.appendAll([new Uint8Array(32).fill(0xff)])).toThrow(RangeError);
    expect(tree.size).toBe(0);
    tree.appendAll(Array.from({ length: 16 }, (_, i) => leaf(i)));
    expect(() => tree.appendAll([leaf(16)])).toThrow(/full/);
    expect(() => tree.siblings(16)).toThrow(RangeError);
    expect(() => new CompactTree(0)).toThrow(
      expect.objectContaining({ code: "PROOF_CONFIG_INVALID" }),
    );
  });

  it("compact tree - holds about 64 bytes of nodes per leaf", () => {
    const tree = new CompactTree();
    const n = 1024;
    tree.appendAll(Array.from({ length: n }, (_, i) => leaf(i)));
    // Two levels' worth of 32-byte nodes per leaf, plus doubling slack and the upper levels.
    expect(tree.bytesHeld / n).toBeLessThan(2 * 64 + 8);
    expect(tree.bytesHeld / n).toBeGreaterThanOrEqual(64);
  });
});
