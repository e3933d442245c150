import { describe, expect, it } from "vitest";
import { takeTokens } from "../src/token-bucket.js";

const rules = { ratePerSec: 10, burst: 5 };

describe("token bucket", () => {
  it("token bucket - an absent bucket is full, and grants no more than the burst at once", () => {
    const r = takeTokens(undefined, 8, 1_000, rules);
    expect(r.granted).toBe(5);
    expect(r.next).toEqual({ tokens: 0, at: 1_000 });
    expect(r.retryAfterMs).toBe(100);
  });

  it("token bucket - refills at the rate, capped at the burst", () => {
    const empty = { tokens: 0, at: 1_000 };
    expect(takeTokens(empty, 10, 1_250, rules).granted).toBe(2);
    expect(takeTokens(empty, 10, 60_000, rules).granted).toBe(5);
  });

  it("token bucket - a refusal leaves the state as it was, and a clock behind refills nothing", () => {
    const empty = { tokens: 0.5, at: 2_000 };
    const refused = takeTokens(empty, 1, 2_010, rules);
    expect(refused.granted).toBe(0);
    expect(refused.next).toBe(empty);
    expect(refused.retryAfterMs).toBe(40);
    expect(takeTokens({ tokens: 1, at: 5_000 }, 2, 4_000, rules)).toMatchObject({
      granted: 1,
      next: { tokens: 0, at: 5_000 },
    });
  });
});
