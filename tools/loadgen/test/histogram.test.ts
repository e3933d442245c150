import { describe, expect, it } from "vitest";
import { LatencyHistogram, mergedHistogram } from "../src/stats/histogram.js";

/** Exact nearest-rank percentile, the definition HdrHistogram approximates. */
function exactPercentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

describe("latency histogram - percentile math", () => {
  it("1..1000 ms gives p50 500, p95 950, p99 990, max 1000 within 0.1%", () => {
    const h = new LatencyHistogram();
    for (let ms = 1; ms <= 1000; ms++) h.record(ms);

    const s = h.summary();

    expect(s.count).toBe(1000);
    expect(s.p50Ms).toBeCloseTo(500, -0.3);
    expect(Math.abs(s.p50Ms - 500) / 500).toBeLessThan(0.001);
    expect(Math.abs(s.p95Ms - 950) / 950).toBeLessThan(0.001);
    expect(Math.abs(s.p99Ms - 990) / 990).toBeLessThan(0.001);
    expect(Math.abs(s.maxMs - 1000) / 1000).toBeLessThan(0.001);
    expect(s.minMs).toBe(1);
    expect(Math.abs(s.meanMs - 500.5) / 500.5).toBeLessThan(0.001);
  });

  it("a skewed random distribution matches exact nearest-rank percentiles within 0.1%", () => {
    const h = new LatencyHistogram();
    const values: number[] = [];
    let seed = 7;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      // Exponential-ish tail: most values small, a few in the seconds.
      const ms = Math.round(-Math.log(1 - seed / 2 ** 31) * 40 * 1000) / 1000 + 0.5;
      values.push(ms);
      h.record(ms);
    }
    values.sort((a, b) => a - b);

    for (const p of [50, 95, 99, 99.9]) {
      const exact = exactPercentile(values, p);
      expect(Math.abs(h.percentile(p) - exact) / exact).toBeLessThan(0.001);
    }
    expect(Math.abs(h.summary().maxMs - (values.at(-1) as number))).toBeLessThan(
      (values.at(-1) as number) * 0.001,
    );
  });

  it("merging two histograms equals recording everything in one", () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const all = new LatencyHistogram();
    for (let i = 1; i <= 500; i++) {
      a.record(i);
      all.record(i);
    }
    for (let i = 1; i <= 500; i++) {
      b.record(i * 10);
      all.record(i * 10);
    }

    const merged = mergedHistogram([a, b]);

    expect(merged.summary()).toEqual(all.summary());
  });

  it("an empty histogram summarises to zeros, and negative latencies count as zero", () => {
    const h = new LatencyHistogram();
    expect(h.summary()).toEqual({
      count: 0,
      minMs: 0,
      meanMs: 0,
      p50Ms: 0,
      p95Ms: 0,
      p99Ms: 0,
      maxMs: 0,
    });

    h.record(-3);

    expect(h.count).toBe(1);
    expect(h.summary().maxMs).toBe(0);
  });
});
