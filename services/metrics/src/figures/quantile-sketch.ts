/**
 * A log-bucketed quantile sketch: each value falls in a bucket whose bounds differ by a factor
 * `gamma`, so a quantile read back is within RELATIVE_ERROR of a value actually recorded, and
 * memory grows with the spread of the values (a few hundred buckets from 1 ms to hours), not
 * with their number. Exact count, sum, min and max are kept beside it.
 */

/** Largest relative error of a quantile (1%). */
export const RELATIVE_ERROR = 0.01;
const GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
const LOG_GAMMA = Math.log(GAMMA);
/** Values at or below this share one bucket (sub-microsecond latencies, zero costs). */
const MIN_INDEXED = 1e-6;

export class QuantileSketch {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  #zeros = 0;
  readonly #buckets = new Map<number, number>();

  /** Records a value; negatives count as 0 (a skewed clock, never a real negative time). */
  add(raw: number): void {
    if (!Number.isFinite(raw)) return;
    const value = Math.max(0, raw);
    this.count += 1;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value <= MIN_INDEXED) {
      this.#zeros += 1;
      return;
    }
    const index = Math.ceil(Math.log(value) / LOG_GAMMA);
    this.#buckets.set(index, (this.#buckets.get(index) ?? 0) + 1);
  }

  /** Adds another sketch's values into this one. */
  merge(other: QuantileSketch): void {
    if (other.count === 0) return;
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    this.#zeros += other.#zeros;
    for (const [index, n] of other.#buckets) {
      this.#buckets.set(index, (this.#buckets.get(index) ?? 0) + n);
    }
  }

  /** The q-quantile (0..1), clamped to the exact min and max; undefined when empty. */
  quantile(q: number): number | undefined {
    return this.quantiles([q])[0];
  }

  /** Several quantiles in one pass over the buckets (`qs` ascending). */
  quantiles(qs: number[]): (number | undefined)[] {
    if (this.count === 0) return qs.map(() => undefined);
    const indexes = [...this.#buckets.keys()].sort((a, b) => a - b);
    const out: number[] = [];
    let seen = this.#zeros;
    let i = 0;
    for (const q of qs) {
      // Nearest rank: the smallest value with at least q of the values at or below it.
      const rank = Math.max(1, Math.ceil(q * this.count));
      if (seen >= rank && i === 0) {
        out.push(this.min);
        continue;
      }
      while (seen < rank && i < indexes.length) seen += this.#buckets.get(indexes[i++]!)!;
      if (seen < rank) {
        out.push(this.max);
        continue;
      }
      const estimate = (2 * GAMMA ** indexes[i - 1]!) / (GAMMA + 1);
      out.push(Math.min(this.max, Math.max(this.min, estimate)));
    }
    return out;
  }

  get mean(): number | undefined {
    return this.count === 0 ? undefined : this.sum / this.count;
  }
}
