import type { Logger } from "@pod/runtime";
import { STAGES, type Stage } from "./metrics.js";

/**
 * Sums stage times over an interval and logs their means at info level, with how many
 * transactions and records confirmed, so the limiting stage shows in a plain log (the
 * histogram `pod_bundler_stage_seconds` has the distributions).
 */
export class StageReport {
  readonly #sum = new Map<Stage, number>();
  readonly #count = new Map<Stage, number>();
  #txs = 0;
  #records = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: Logger,
    private readonly everyMs = 10_000,
  ) {}

  add(stage: Stage, ms: number): void {
    this.#sum.set(stage, (this.#sum.get(stage) ?? 0) + ms);
    this.#count.set(stage, (this.#count.get(stage) ?? 0) + 1);
  }

  confirmed(records: number): void {
    this.#txs++;
    this.#records += records;
  }

  start(): void {
    this.#timer = setInterval(() => this.flush(), this.everyMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  flush(): void {
    if (this.#count.size === 0 && this.#txs === 0) return;
    const meanMs: Record<string, number> = {};
    for (const stage of STAGES) {
      const n = this.#count.get(stage);
      if (n) meanMs[stage] = Math.round(this.#sum.get(stage)! / n);
    }
    const seconds = this.everyMs / 1000;
    this.log.info(
      {
        event: "bundler_stages",
        mean_ms: meanMs,
        tx_per_s: +(this.#txs / seconds).toFixed(1),
        records_per_s: +(this.#records / seconds).toFixed(1),
        records_per_tx: this.#txs ? +(this.#records / this.#txs).toFixed(2) : 0,
      },
      "where transactions spend their time",
    );
    this.#sum.clear();
    this.#count.clear();
    this.#txs = 0;
    this.#records = 0;
  }
}
