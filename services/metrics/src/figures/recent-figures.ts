import type { Percentiles, StageName, SummarySeries, WindowSummary } from "@pod/dashboard";
import { OPERATIONS } from "@pod/protocol";
import type { QuantileSketch } from "./quantile-sketch.js";
import { HORIZON_MS, mergeSketches, RollingWindow, SLOT_MS, slotStart } from "./rolling-window.js";
import { emptySlot, increment, sketchOf, type FigureSlot } from "./slot.js";

/** One confirmed record as the figures need it (latencies in ms). */
export interface ConfirmedFigures {
  op: string;
  at: number;
  publishToConfirmedMs: number;
  stages: Partial<Record<StageName, number>>;
  computeUnitsPerMessage: number;
  feeLamportsPerMessage: number;
  lamportsPerMessage: number;
  /** Set on the first record seen of its transaction. */
  transactionRecords?: number;
}

/** Counts since start, beside the windows. */
export interface Totals {
  events: number;
  accepted: number;
  confirmed: number;
  failed: number;
  rejected: number;
  delivered: number;
  rejectedByCode: Map<string, number>;
  failedByCode: Map<string, number>;
}

/**
 * The summary's own figures: every lifecycle event lands in the slot of its `at`; a window's
 * figures are its slots merged (percentiles from quantile sketches, within 1%).
 */
export class RecentFigures {
  readonly #window = new RollingWindow<FigureSlot>(emptySlot);
  readonly totals: Totals = {
    events: 0,
    accepted: 0,
    confirmed: 0,
    failed: 0,
    rejected: 0,
    delivered: 0,
    rejectedByCode: new Map(),
    failedByCode: new Map(),
  };

  constructor(private readonly clock: () => number = Date.now) {}

  event(): void {
    this.totals.events += 1;
  }

  accepted(at: number): void {
    this.totals.accepted += 1;
    const slot = this.#slot(at);
    if (slot) slot.accepted += 1;
  }

  rejected(code: string, at: number): void {
    this.totals.rejected += 1;
    increment(this.totals.rejectedByCode, code);
    const slot = this.#slot(at);
    if (slot) increment(slot.rejectedByCode, code);
  }

  failed(code: string, at: number): void {
    this.totals.failed += 1;
    increment(this.totals.failedByCode, code);
    const slot = this.#slot(at);
    if (slot) increment(slot.failedByCode, code);
  }

  delivered(at: number, confirmedToDeliveredMs: number): void {
    this.totals.delivered += 1;
    const slot = this.#slot(at);
    if (!slot) return;
    slot.delivered += 1;
    slot.confirmedToDelivered.add(confirmedToDeliveredMs);
  }

  confirmed(c: ConfirmedFigures): void {
    this.totals.confirmed += 1;
    const slot = this.#slot(c.at);
    if (!slot) return;
    increment(slot.confirmedByOp, c.op);
    sketchOf(slot.publishToConfirmed, c.op).add(c.publishToConfirmedMs);
    for (const [stage, ms] of Object.entries(c.stages) as [StageName, number][]) {
      slot.stages[stage].add(ms);
    }
    slot.computeUnitsPerMessage.add(c.computeUnitsPerMessage);
    slot.feeLamportsPerMessage.add(c.feeLamportsPerMessage);
    slot.lamportsPerMessage.add(c.lamportsPerMessage);
    if (c.transactionRecords !== undefined) slot.recordsPerTransaction.add(c.transactionRecords);
  }

  /** Figures of the last `windowMs` (a multiple of SLOT_MS, at most HORIZON_MS). */
  window(windowMs: number, now = this.clock()): WindowSummary {
    const slots = this.#window.within(windowMs, now).map(([, slot]) => slot);
    const sum = (pick: (s: FigureSlot) => number) => slots.reduce((n, s) => n + pick(s), 0);
    const merged = (pick: (s: FigureSlot) => Map<string, number>) => {
      const out = new Map<string, number>();
      for (const s of slots) for (const [k, n] of pick(s)) increment(out, k, n);
      return out;
    };
    const rate = (count: number) => ({ count, perSec: count / (windowMs / 1000) });
    const byOp = merged((s) => s.confirmedByOp);
    const failed = merged((s) => s.failedByCode);
    const rejected = merged((s) => s.rejectedByCode);
    const confirmedCount = sumOf(byOp);
    const e2eByOp = new Map<string, QuantileSketch>();
    for (const s of slots) {
      for (const [op, sketch] of s.publishToConfirmed) sketchOf(e2eByOp, op).merge(sketch);
    }
    const lamports = mergeSketches(slots.map((s) => s.lamportsPerMessage));
    const records = mergeSketches(slots.map((s) => s.recordsPerTransaction));
    return {
      windowMs,
      accepted: rate(sum((s) => s.accepted)),
      confirmed: { ...rate(confirmedCount), byOp: Object.fromEntries(byOp) },
      failed: { ...rate(sumOf(failed)), byCode: Object.fromEntries(failed) },
      rejected: { ...rate(sumOf(rejected)), byCode: Object.fromEntries(rejected) },
      delivered: rate(sum((s) => s.delivered)),
      latencyMs: {
        publishToConfirmed: percentiles(mergeSketches(e2eByOp.values())),
        publishToConfirmedByOp: Object.fromEntries(
          OPERATIONS.filter((op) => e2eByOp.has(op)).map((op) => [
            op,
            percentiles(e2eByOp.get(op)!),
          ]),
        ),
        confirmedToDelivered: percentiles(mergeSketches(slots.map((s) => s.confirmedToDelivered))),
        stages: {
          accepted: percentiles(mergeSketches(slots.map((s) => s.stages.accepted))),
          content_stored: percentiles(mergeSketches(slots.map((s) => s.stages.content_stored))),
          confirmed: percentiles(mergeSketches(slots.map((s) => s.stages.confirmed))),
        },
      },
      cost: {
        messages: confirmedCount,
        transactions: records.count,
        computeUnitsPerMessage: percentiles(
          mergeSketches(slots.map((s) => s.computeUnitsPerMessage)),
        ),
        feeLamportsPerMessage: percentiles(
          mergeSketches(slots.map((s) => s.feeLamportsPerMessage)),
        ),
        lamportsPerMessage: percentiles(lamports),
        lamportsTotal: lamports.sum,
        recordsPerTransaction: percentiles(records),
      },
    };
  }

  /** One point per slot over the last HORIZON_MS, for the charts (empty slots included). */
  series(now = this.clock()): SummarySeries {
    const bySlot = new Map(this.#window.within(HORIZON_MS, now));
    const out: SummarySeries = {
      stepMs: SLOT_MS,
      t: [],
      confirmedPerSec: [],
      failedPerSec: [],
      rejectedPerSec: [],
      publishToConfirmedP50: [],
      publishToConfirmedP95: [],
      publishToConfirmedP99: [],
      lamportsPerMessage: [],
    };
    const perSec = (n: number) => n / (SLOT_MS / 1000);
    for (let t = slotStart(now) - HORIZON_MS + SLOT_MS; t <= slotStart(now); t += SLOT_MS) {
      const slot = bySlot.get(t);
      const e2e = mergeSketches(slot?.publishToConfirmed.values() ?? []);
      out.t.push(t);
      out.confirmedPerSec.push(perSec(slot ? sumOf(slot.confirmedByOp) : 0));
      out.failedPerSec.push(perSec(slot ? sumOf(slot.failedByCode) : 0));
      out.rejectedPerSec.push(perSec(slot ? sumOf(slot.rejectedByCode) : 0));
      const [p50, p95, p99] = e2e.quantiles([0.5, 0.95, 0.99]);
      out.publishToConfirmedP50.push(p50 ?? null);
      out.publishToConfirmedP95.push(p95 ?? null);
      out.publishToConfirmedP99.push(p99 ?? null);
      out.lamportsPerMessage.push(slot?.lamportsPerMessage.mean ?? null);
    }
    return out;
  }

  #slot(at: number): FigureSlot | undefined {
    const now = this.clock();
    // Another host's clock a little ahead must not drop its events: they count as now.
    return this.#window.slot(Math.min(at, now), now);
  }
}

function sumOf(map: Map<string, number>): number {
  let n = 0;
  for (const v of map.values()) n += v;
  return n;
}

export function percentiles(sketch: QuantileSketch): Percentiles {
  const [p50, p95, p99] = sketch.quantiles([0.5, 0.95, 0.99]);
  return {
    count: sketch.count,
    p50: p50 ?? null,
    p95: p95 ?? null,
    p99: p99 ?? null,
    max: sketch.count > 0 ? sketch.max : null,
    mean: sketch.mean ?? null,
  };
}
