import type { Operation, RecordConfirmedEvent } from "@pod/protocol";
import { CodeCounter, PerSecondSeries } from "../stats/counters.js";
import { LatencyHistogram, mergedHistogram, type LatencySummary } from "../stats/histogram.js";

/** The phases of a run, in order. */
export const PHASES = ["register", "create_channel", "join", "message"] as const;
export type PhaseName = (typeof PHASES)[number];

/** Cost figures of one storage class, from its confirmed events. */
export interface StorageFigures {
  confirmed: number;
  lamportsPerMessage: number;
}

/** Everything measured for one phase. */
export interface PhaseFigures {
  phase: PhaseName;
  published: number;
  /** Publishes JetStream stored (PubAck). */
  acked: number;
  accepted: number;
  /** Requests whose content ipfs-storage stored (content.stored). */
  stored: number;
  confirmed: number;
  rejected: Record<string, number>;
  failed: Record<string, number>;
  /** Requests with no outcome when the phase stopped waiting. */
  unsettled: number;
  /** Seconds from the first intended send to the last outcome. */
  seconds: number;
  /** Confirmed per second over those seconds. */
  confirmedPerSec: number;
  /** Confirmed per second over the middle of the phase (ramp-up and drain left out). */
  sustainedPerSec: number;
  confirmedPerSecond: number[];
  /** Intended send -> record.confirmed, per operation and all together. */
  latency: LatencySummary;
  latencyByOp: Partial<Record<Operation, LatencySummary>>;
  /** Intended send -> PubAck, and -> request.accepted, for where time goes. */
  pubAck: LatencySummary;
  toAccepted: LatencySummary;
  /** request.accepted -> record.confirmed (compression, IPFS, bundling, chain). */
  acceptedToConfirmed: LatencySummary;
  lamportsPerMessage: number;
  /** Confirmed requests per distinct transaction signature. */
  recordsPerTransaction: number;
  transactions: number;
  byStorage: Record<string, StorageFigures>;
  alreadyApplied: number;
}

/** Running measurements of one phase. */
export class PhaseStats {
  published = 0;
  acked = 0;
  accepted = 0;
  stored = 0;
  confirmed = 0;
  alreadyApplied = 0;
  unsettled = 0;
  readonly rejected = new CodeCounter();
  readonly failed = new CodeCounter();
  readonly e2e = new Map<Operation, LatencyHistogram>();
  readonly pubAck = new LatencyHistogram();
  readonly toAccepted = new LatencyHistogram();
  readonly acceptedToConfirmed = new LatencyHistogram();
  private readonly signatures = new Set<string>();
  private readonly storage = new Map<string, { confirmed: number; lamports: number }>();
  private lamports = 0;
  private firstIntended = Number.POSITIVE_INFINITY;
  private lastOutcome = 0;
  private series: PerSecondSeries | undefined;

  constructor(readonly phase: PhaseName) {}

  onPublished(intendedAt: number): void {
    this.published++;
    if (intendedAt < this.firstIntended) {
      this.firstIntended = intendedAt;
      this.series = new PerSecondSeries(intendedAt);
    }
  }

  onOutcome(at: number): void {
    this.lastOutcome = Math.max(this.lastOutcome, at);
  }

  onConfirmed(
    op: Operation,
    event: RecordConfirmedEvent,
    at: number,
    intendedAt: number,
    acceptedAt?: number,
  ) {
    this.confirmed++;
    this.onOutcome(at);
    this.series?.add(at);
    const histogram = this.e2e.get(op) ?? new LatencyHistogram();
    this.e2e.set(op, histogram);
    histogram.record(at - intendedAt);
    if (acceptedAt !== undefined) this.acceptedToConfirmed.record(at - acceptedAt);
    this.lamports += event.lamportsPerMessage;
    this.signatures.add(event.signature);
    const byClass = this.storage.get(event.storage) ?? { confirmed: 0, lamports: 0 };
    byClass.confirmed++;
    byClass.lamports += event.lamportsPerMessage;
    this.storage.set(event.storage, byClass);
    if (event.alreadyApplied === true) this.alreadyApplied++;
  }

  figures(): PhaseFigures {
    const seconds =
      this.lastOutcome > this.firstIntended ? (this.lastOutcome - this.firstIntended) / 1000 : 0;
    const perSecond = this.series?.values() ?? [];
    const byStorage: Record<string, StorageFigures> = {};
    for (const [name, s] of this.storage) {
      byStorage[name] = { confirmed: s.confirmed, lamportsPerMessage: s.lamports / s.confirmed };
    }
    const latencyByOp: Partial<Record<Operation, LatencySummary>> = {};
    for (const [op, h] of this.e2e) latencyByOp[op] = h.summary();
    return {
      phase: this.phase,
      published: this.published,
      acked: this.acked,
      accepted: this.accepted,
      stored: this.stored,
      confirmed: this.confirmed,
      rejected: this.rejected.toJSON(),
      failed: this.failed.toJSON(),
      unsettled: this.unsettled,
      seconds,
      confirmedPerSec: seconds > 0 ? this.confirmed / seconds : 0,
      sustainedPerSec: sustained(perSecond),
      confirmedPerSecond: perSecond,
      latency: mergedHistogram(this.e2e.values()).summary(),
      latencyByOp,
      pubAck: this.pubAck.summary(),
      toAccepted: this.toAccepted.summary(),
      acceptedToConfirmed: this.acceptedToConfirmed.summary(),
      lamportsPerMessage: this.confirmed > 0 ? this.lamports / this.confirmed : 0,
      recordsPerTransaction: this.signatures.size > 0 ? this.confirmed / this.signatures.size : 0,
      transactions: this.signatures.size,
      byStorage,
      alreadyApplied: this.alreadyApplied,
    };
  }
}

/**
 * The confirmation rate of the phase's steady part: the mean of the per-second counts with
 * the first and last 10% of the seconds (at least one each) left out, so the ramp-up while
 * the first bundles form and the drain after the last send do not dilute it.
 */
export function sustained(perSecond: readonly number[]): number {
  if (perSecond.length === 0) return 0;
  if (perSecond.length < 3) return perSecond.reduce((a, b) => a + b, 0) / perSecond.length;
  const trim = Math.max(1, Math.floor(perSecond.length * 0.1));
  const middle = perSecond.slice(trim, perSecond.length - trim);
  return middle.reduce((a, b) => a + b, 0) / middle.length;
}
