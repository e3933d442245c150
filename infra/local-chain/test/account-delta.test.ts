import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { applyDelta, diffData, toDelta } from "../src/ledger/account-delta.js";

const BLOCK = 256;

// The 256-byte blocks that differ, merged into runs: what the stored patches must hold.
function expectedRuns(before: Uint8Array, after: Uint8Array): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let at = 0; at < after.length; at += BLOCK) {
    const end = Math.min(at + BLOCK, after.length);
    if (Buffer.from(before.subarray(at, end)).equals(Buffer.from(after.subarray(at, end)))) {
      continue;
    }
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === at) last[1] = end;
    else runs.push([at, end]);
  }
  return runs;
}

describe("account delta - byte patches of a large account", () => {
  it("patches exactly the differing 256-byte blocks, also across span edges", () => {
    for (const length of [0, 255, 256, 16_383, 16_384, 16_385, 100_001, 1_364_288]) {
      const before = randomBytes(length);
      const after = Buffer.from(before);
      // Single bytes, a run crossing a 16 KB span edge, and the very last byte.
      for (const at of [7, 16_383, 16_384, 40_000, length - 1]) {
        if (at >= 0 && at < length) after[at] = (after[at] as number) ^ 0x5a;
      }
      if (length > 70_000) after.fill(9, 60_000, 70_000);
      const patches = diffData(before, after);
      expect(patches.map(([o, d]) => [o, o + d.length])).toEqual(expectedRuns(before, after));
      const delta = toDelta(
        "a",
        { lamports: 1n, data: before, owner: "o", executable: false, rentEpoch: 0n },
        { lamports: 2n, data: after, owner: "o", executable: false, rentEpoch: 0n },
      );
      const base = { lamports: 1n, data: before, owner: "o", executable: false, rentEpoch: 0n };
      expect(Buffer.from(applyDelta(base, delta)!.data).equals(after)).toBe(true);
    }
  });

  it("stores nothing for an unchanged account's data", () => {
    const data = randomBytes(1_364_288);
    expect(diffData(data, Buffer.from(data))).toEqual([]);
  });
});
