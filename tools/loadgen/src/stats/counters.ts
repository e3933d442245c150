/** Counts by key (rejection or failure code), printed and serialised sorted by count. */
export class CodeCounter {
  private readonly counts = new Map<string, number>();

  add(code: string, n = 1): void {
    this.counts.set(code, (this.counts.get(code) ?? 0) + n);
  }

  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort((a, b) => b[1] - a[1]));
  }
}

/** Events per whole second since `origin` (a performance.now() reading). */
export class PerSecondSeries {
  private readonly buckets: number[] = [];

  constructor(private readonly origin: number) {}

  add(at: number, n = 1): void {
    const second = Math.max(0, Math.floor((at - this.origin) / 1000));
    while (this.buckets.length <= second) this.buckets.push(0);
    this.buckets[second] = (this.buckets[second] ?? 0) + n;
  }

  values(): number[] {
    return [...this.buckets];
  }
}
