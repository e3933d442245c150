import { describe, expect, it } from "vitest";
import { QuantileSketch, RELATIVE_ERROR } from "../src/figures/quantile-sketch.js";

/** Nearest-rank quantile of sorted values: what the sketch approximates. */
const exact = (sorted: number[], q: number) =>
  sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;

/** A deterministic generator, so a failure can be replayed. */
function lcg(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

describe("quantile sketch", () => {
  it("is empty until a value is added", () => {
    const s = new QuantileSketch();
    expect(s.quantile(0.5)).toBeUndefined();
    expect(s.mean).toBeUndefined();
  });

  it("answers within 1% of the exact quantile over six orders of magnitude", () => {
    const random = lcg(7);
    // Latencies from 1 ms to ~20 minutes, log-uniform: the spread a saturated pipeline shows.
    const values = Array.from({ length: 20_000 }, () => Math.exp(random() * Math.log(1.2e6)));
    const s = new QuantileSketch();
    for (const v of values) s.add(v);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999]) {
      const want = exact(sorted, q);
      expect(Math.abs(s.quantile(q)! - want) / want, `q=${q}`).toBeLessThanOrEqual(RELATIVE_ERROR);
    }
    expect(s.count).toBe(values.length);
    expect(s.max).toBe(sorted.at(-1));
    expect(s.mean!).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
  });

  it("merges sketches into the sketch of all their values", () => {
    const a = new QuantileSketch();
    const b = new QuantileSketch();
    const all = new QuantileSketch();
    for (let i = 1; i <= 1000; i++) {
      (i % 2 ? a : b).add(i);
      all.add(i);
    }
    a.merge(b);
    for (const q of [0.5, 0.95, 0.99]) expect(a.quantile(q)).toBe(all.quantile(q));
    expect([a.count, a.min, a.max, a.sum]).toEqual([1000, 1, 1000, 500_500]);
  });

  it("counts negatives and zeros as 0 and clamps answers to the recorded range", () => {
    const s = new QuantileSketch();
    s.add(-5);
    s.add(0);
    s.add(100);
    expect(s.min).toBe(0);
    expect(s.quantile(0.5)).toBe(0);
    expect(s.quantile(1)).toBe(100);
    s.add(Number.NaN);
    expect(s.count).toBe(3);
  });
});
