import { runOpenLoop, type OpenLoopResult } from "../schedule/open-loop.js";
import type { PhaseName } from "../pipeline/phase-stats.js";
import type { RequestPublisher } from "../pipeline/publisher.js";
import type { Outcome, Tracker } from "../pipeline/tracker.js";
import type { PreparedRequest } from "../workload/requests.js";

/** What every phase needs from the run. */
export interface PhaseContext {
  publisher: RequestPublisher;
  tracker: Tracker;
  /** Publishes without a PubAck yet, at most. */
  maxOutstanding: number;
  /** How long to wait for the outcomes after the last send. */
  drainTimeoutMs: number;
  onPhase?: (phase: PhaseName, state: "started" | "sending-done" | "ended", total: number) => void;
}

/** One request of a phase and what to do with its outcome. */
export interface PhaseItem {
  prepared: PreparedRequest;
  onOutcome?: (outcome: Outcome) => void;
}

/**
 * Runs one phase: `count` requests built by `build(index)` offered at `rate` on the open-loop
 * schedule (or for `durationMs`), then waits for their outcomes.
 */
export async function runPhase(
  ctx: PhaseContext,
  phase: PhaseName,
  plan: { rate: number; count?: number; durationMs?: number },
  build: (index: number) => PhaseItem,
): Promise<OpenLoopResult> {
  const total = plan.count ?? Math.ceil(((plan.durationMs ?? 0) * plan.rate) / 1000);
  ctx.onPhase?.(phase, "started", total);
  const schedule = await runOpenLoop({
    rate: plan.rate,
    count: plan.count,
    durationMs: plan.durationMs,
    maxOutstanding: ctx.maxOutstanding,
    send: ({ index, intendedAt }) => {
      const item = build(index);
      return ctx.publisher.publish(phase, item.prepared, intendedAt, item.onOutcome);
    },
  });
  ctx.onPhase?.(phase, "sending-done", total);
  await ctx.tracker.settled(phase, ctx.drainTimeoutMs);
  ctx.onPhase?.(phase, "ended", total);
  return schedule;
}
