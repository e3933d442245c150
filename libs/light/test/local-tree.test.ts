import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LeafOrderError, LightInputError, LocalTree, verifyInclusion } from "../src/index.js";

function leaf(i: number): Uint8Array {
  const h = createHash("sha256").update(`leaf ${i}`).digest();
  h[0] = 0;
  return h;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("local tree", () => {
  it("one-by-one appends (path updates past 25 leaves) and one bulk append agree", () => {
    const n = 40;
    const single = new LocalTree();
    for (let i = 0; i < n; i++) single.append(i, leaf(i));
    const bulk = new LocalTree();
    bulk.appendAll(
      Array.from({ length: n }, (_, i) => ({ leafIndex: i, hash: leaf(i) })).reverse(),
    );
    expect(hex(single.root())).toBe(hex(bulk.root()));
    expect(single.size).toBe(n);
    for (const i of [0, 25, 39]) {
      expect(verifyInclusion(leaf(i), single.prove(i), bulk.root())).toBe(true);
    }
  });

  it("a small tree has the root of its height", () => {
    const small = new LocalTree(3);
    small.appendAll([0, 1, 2].map((i) => ({ leafIndex: i, hash: leaf(i) })));
    const proof = small.prove(2);
    expect(proof.siblings).toHaveLength(3);
    expect(verifyInclusion(leaf(2), proof, small.root())).toBe(true);
    expect(verifyInclusion(leaf(2), { ...proof, leafIndex: 8 }, small.root())).toBe(false);
  });

  it("a batch with a gap or a bad leaf changes nothing", () => {
    const tree = new LocalTree();
    tree.append(0, leaf(0));
    const before = hex(tree.root());
    expect(() =>
      tree.appendAll([
        { leafIndex: 1, hash: leaf(1) },
        { leafIndex: 3, hash: leaf(3) },
      ]),
    ).toThrow(LeafOrderError);
    expect(() =>
      tree.appendAll([
        { leafIndex: 1, hash: leaf(1) },
        { leafIndex: 2, hash: new Uint8Array(32).fill(255) },
      ]),
    ).toThrow(LightInputError);
    expect(tree.size).toBe(1);
    expect(hex(tree.root())).toBe(before);
  });
});
