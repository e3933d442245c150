import * as hdr from "hdr-histogram-js";

/** Percentiles of one latency distribution, in milliseconds. */
export interface LatencySummary {
  count: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

// Values are kept in microseconds: 3 significant digits then resolve 1 us at the low end and
// stay within 0.1% everywhere, while an hour (the largest latency worth recording) fits.
const MICROS_PER_MS = 1000;
const HIGHEST_US = 3_600_000_000;

/**
 * A latency histogram (HdrHistogram): constant memory however many values it holds, and
 * percentiles within 0.1% of the exact ones.
 */
export class LatencyHistogram {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 32,
    autoResize: false,
  });

  /** Records one latency; negatives (clock noise) count as zero, huge values are capped. */
  record(ms: number): void {
    const us = Math.round(ms * MICROS_PER_MS);
    this.histogram.recordValue(Math.min(Math.max(us, 0), HIGHEST_US));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  /** The value at percentile `p` (0..100), in ms; 0 when empty. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    return this.histogram.getValueAtPercentile(p) / MICROS_PER_MS;
  }

  /** Adds every value of `other` to this histogram. */
  add(other: LatencyHistogram): void {
    this.histogram.add(other.histogram);
  }

  summary(): LatencySummary {
    if (this.count === 0) {
      return { count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 };
    }
    return {
      count: this.count,
      minMs: this.histogram.minNonZeroValue / MICROS_PER_MS,
      meanMs: this.histogram.mean / MICROS_PER_MS,
      p50Ms: this.percentile(50),
      p95Ms: this.percentile(95),
      p99Ms: this.percentile(99),
      maxMs: this.histogram.maxValue / MICROS_PER_MS,
    };
  }

  /** Frees the histogram's buffers (a no-op for the JS backend, kept for the wasm one). */
  destroy(): void {
    this.histogram.destroy();
  }
}

/** A histogram of several merged into one. */
export function mergedHistogram(parts: Iterable<LatencyHistogram>): LatencyHistogram {
  const merged = new LatencyHistogram();
  for (const part of parts) merged.add(part);
  return merged;
}
