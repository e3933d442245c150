import { randomBytes } from "node:crypto";
import bs58 from "bs58";
import { describe, expect, it } from "vitest";
import { encodeBase58 } from "../src/base58.js";

describe("encodeBase58", () => {
  it("gives bs58's text for every length up to 3 KB, with and without leading zeros", () => {
    for (let length = 0; length <= 3000; length += 1 + Math.floor(length / 40)) {
      const random = randomBytes(length);
      const leadingZeros = Buffer.from(random).fill(0, 0, Math.min(length, 7));
      const zeros = Buffer.alloc(length);
      const ones = Buffer.alloc(length, 0xff);
      for (const bytes of [random, leadingZeros, zeros, ones]) {
        expect(encodeBase58(bytes)).toBe(bs58.encode(bytes));
      }
    }
  });

  it("reads only the view it is given, not the rest of its buffer", () => {
    const backing = randomBytes(4096);
    const view = backing.subarray(1000, 3000);
    expect(encodeBase58(view)).toBe(bs58.encode(Buffer.from(view)));
  });
});
