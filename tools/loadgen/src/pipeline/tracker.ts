import type {
  Operation,
  RecordConfirmedEvent,
  RecordFailedEvent,
  RequestRejectedEvent,
} from "@pod/protocol";
import { PhaseStats, type PhaseName } from "./phase-stats.js";

/** How one request ended, as its events told. */
export type Outcome =
  | { status: "confirmed"; event: RecordConfirmedEvent }
  | { status: "rejected"; code: string }
  | { status: "failed"; code: string };

interface Pending {
  phase: PhaseName;
  op: Operation;
  agent: string;
  requestKey: string;
  intendedAt: number;
  acceptedAt?: number;
  onOutcome?: (outcome: Outcome) => void;
}

/** Counts of requests in flight, for the live display. */
export interface Progress {
  published: number;
  acked: number;
  confirmed: number;
  rejected: number;
  failed: number;
  pending: number;
}

/**
 * Follows every request the run published until its outcome event arrives
 * (record.confirmed, record.failed or request.rejected), keyed by request id (fresh UUIDv7s,
 * unique within a run), and keeps each phase's measurements.
 */
export class Tracker {
  private readonly pending = new Map<string, Pending>();
  private readonly stats = new Map<PhaseName, PhaseStats>();
  private readonly open = new Map<PhaseName, number>();
  private readonly waiters = new Set<() => void>();
  /** Events that named a request this run never published (other traffic on the stream). */
  foreign = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  phase(name: PhaseName): PhaseStats {
    let stats = this.stats.get(name);
    if (stats === undefined) {
      stats = new PhaseStats(name);
      this.stats.set(name, stats);
    }
    return stats;
  }

  /** Registers a request about to be published. */
  expect(
    requestId: string,
    entry: {
      phase: PhaseName;
      op: Operation;
      agent: string;
      requestKey: string;
      intendedAt: number;
      onOutcome?: (outcome: Outcome) => void;
    },
  ): void {
    this.pending.set(requestId, { ...entry });
    this.open.set(entry.phase, this.pendingIn(entry.phase) + 1);
    this.phase(entry.phase).onPublished(entry.intendedAt);
  }

  /** JetStream stored the request (its PubAck arrived). */
  acked(requestId: string): void {
    const p = this.pending.get(requestId);
    if (p === undefined) return;
    const stats = this.phase(p.phase);
    stats.acked++;
    stats.pubAck.record(this.now() - p.intendedAt);
  }

  /** The publish itself failed: the request never entered the pipeline. */
  publishFailed(requestId: string, code: string): void {
    this.settle(requestId, { status: "failed", code: `PUBLISH_${code}` });
  }

  /** Dispatches one event from `pod.events.>` by its subject. */
  onEvent(subject: string, payload: unknown): void {
    const event = payload as { requestId?: string };
    if (typeof event?.requestId !== "string") return;
    const p = this.pending.get(event.requestId);
    if (p === undefined) {
      this.foreign++;
      return;
    }
    switch (subject) {
      case "pod.events.request.accepted": {
        p.acceptedAt = this.now();
        const stats = this.phase(p.phase);
        stats.accepted++;
        stats.toAccepted.record(p.acceptedAt - p.intendedAt);
        return;
      }
      case "pod.events.content.stored":
        this.phase(p.phase).stored++;
        return;
      case "pod.events.request.rejected":
        this.settle(event.requestId, {
          status: "rejected",
          code: (payload as RequestRejectedEvent).code,
        });
        return;
      case "pod.events.record.failed":
        this.settle(event.requestId, {
          status: "failed",
          code: (payload as RecordFailedEvent).code,
        });
        return;
      case "pod.events.record.confirmed": {
        const confirmed = payload as RecordConfirmedEvent;
        // Request ids are ours, but only our agent's event with our key is our outcome.
        if (confirmed.requestKey !== p.requestKey) {
          this.foreign++;
          return;
        }
        this.settle(event.requestId, { status: "confirmed", event: confirmed });
        return;
      }
      default:
        return;
    }
  }

  /** Requests of `phase` still without an outcome. */
  pendingIn(phase: PhaseName): number {
    return this.open.get(phase) ?? 0;
  }

  /**
   * Resolves once every request of `phase` has its outcome, or after `timeoutMs`; those still
   * open then are counted as unsettled and forgotten.
   */
  async settled(phase: PhaseName, timeoutMs: number): Promise<void> {
    const deadline = this.now() + timeoutMs;
    while (this.pendingIn(phase) > 0 && this.now() < deadline) {
      await new Promise<void>((done) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          done();
        };
        const timer = setTimeout(wake, Math.min(250, Math.max(deadline - this.now(), 1)));
        this.waiters.add(wake);
      });
    }
    for (const [id, p] of this.pending) {
      if (p.phase !== phase) continue;
      this.pending.delete(id);
      this.phase(phase).unsettled++;
    }
    this.open.set(phase, 0);
  }

  progress(phase: PhaseName): Progress {
    const s = this.phase(phase);
    return {
      published: s.published,
      acked: s.acked,
      confirmed: s.confirmed,
      rejected: s.rejected.total,
      failed: s.failed.total,
      pending: this.pendingIn(phase),
    };
  }

  private settle(requestId: string, outcome: Outcome): void {
    const p = this.pending.get(requestId);
    if (p === undefined) return;
    this.pending.delete(requestId);
    this.open.set(p.phase, this.pendingIn(p.phase) - 1);
    const at = this.now();
    const stats = this.phase(p.phase);
    if (outcome.status === "confirmed") {
      stats.onConfirmed(p.op, outcome.event, at, p.intendedAt, p.acceptedAt);
    } else {
      stats.onOutcome(at);
      (outcome.status === "rejected" ? stats.rejected : stats.failed).add(outcome.code);
    }
    p.onOutcome?.(outcome);
    for (const wake of [...this.waiters]) wake();
  }
}
