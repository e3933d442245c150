import { toBase58 } from "@pod/protocol";
import { describe, expect, it } from "vitest";
import { LeafBook } from "../src/leaf-book.js";

const signature = (n: number) => toBase58(new Uint8Array(64).fill(n));

function record(commitment: Uint8Array, sender = 1): Uint8Array {
  const data = new Uint8Array(72).fill(sender, 0, 32);
  data.set(commitment, 32);
  return data;
}

describe("LeafBook", () => {
  it("leaf book - finds a record by its commitment, and leaves without a record are unprovable", () => {
    const book = new LeafBook();
    const tx = book.addTransaction(signature(9), 1234);
    const a = new Uint8Array(32).fill(0xaa);
    book.reserve(3);
    book.addLeaf(2, tx, record(a), 0n);
    expect(book.findCommitment(a)).toBe(2);
    expect(book.leaf(2)).toMatchObject({
      leafIndex: 2,
      signature: signature(9),
      slot: 1234,
      lamports: 0n,
    });
    expect(book.leaf(0)).toBeUndefined();
    expect(book.leaf(5)).toBeUndefined();
    expect(book.findCommitment(new Uint8Array(32).fill(0xbb))).toBeUndefined();
    expect(book.provableCount).toBe(1);
  });

  it("leaf book - commitments sharing their first 30 bits are told apart by the full 32 bytes", () => {
    const book = new LeafBook();
    const tx = book.addTransaction(signature(1), 1);
    const commitments = [1, 2, 3].map((last) => {
      const c = new Uint8Array(32).fill(0x11);
      c[31] = last;
      return c;
    });
    commitments.forEach((c, i) => book.addLeaf(i, tx, record(c), BigInt(i)));
    commitments.forEach((c, i) => expect(book.findCommitment(c)).toBe(i));
    expect(book.leaf(2)?.lamports).toBe(2n);
    const fourth = new Uint8Array(32).fill(0x11);
    fourth[31] = 4;
    expect(book.findCommitment(fourth)).toBeUndefined();
  });

  it("leaf book - the same commitment twice answers with the first leaf", () => {
    const book = new LeafBook();
    const tx = book.addTransaction(signature(2), 5);
    const c = new Uint8Array(32).fill(0x42);
    book.addLeaf(0, tx, record(c), 0n);
    book.addLeaf(1, tx, record(c), 0n);
    expect(book.findCommitment(c)).toBe(0);
  });
});
