import { LatencyHistogram, type LatencySummary } from "../stats/histogram.js";

/** One send the schedule asks for: its position and the time it was meant to start. */
export interface ScheduledSend {
  index: number;
  /** performance.now() at which this send should start: start + index / rate. */
  intendedAt: number;
}

export interface OpenLoopOptions {
  /** Sends per second the schedule offers. */
  rate: number;
  /** Sends in all; the schedule stops after this many (or at durationMs, whichever first). */
  count?: number;
  /** No send is scheduled this long after the start or later. */
  durationMs?: number;
  /**
   * Sends whose promise has not settled yet, at most. When the bound is reached the
   * schedule waits; the sends it owes meanwhile start late, and their lateness shows in the
   * latency measured from `intendedAt`, never as a lower offered rate.
   */
  maxOutstanding: number;
  /** Starts one send; resolves when its resource is free again (e.g. its PubAck arrived). */
  send: (slot: ScheduledSend) => Promise<void>;
  signal?: AbortSignal;
  /** The clock (ms); performance.now by default. */
  now?: () => number;
}

export interface OpenLoopResult {
  /** Sends started. */
  sent: number;
  /** Sends whose promise rejected (the send function should record its own failures). */
  errors: number;
  /** From the first intended send to the last send settling, ms. */
  elapsedMs: number;
  /** From the first intended send to the last send started, ms. */
  sendingMs: number;
  /** Sends started per second over the sending time: the rate actually offered. */
  offeredPerSec: number;
  /** How late sends started against their intended time. */
  startLag: LatencySummary;
  /** Times the outstanding bound held the schedule back. */
  throttled: number;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Runs an open-loop schedule: send i is due at start + i / rate whatever became of the sends
 * before it, so a slow system under test is measured as latency rather than being offered
 * less load (no coordinated omission). Sends due together start together, up to the
 * outstanding bound.
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const now = options.now ?? (() => performance.now());
  const intervalMs = 1000 / options.rate;
  const limit = scheduleLength(options);
  const lag = new LatencyHistogram();
  const outstanding = new Set<Promise<void>>();
  let errors = 0;
  let throttled = 0;
  let index = 0;
  let lastStart = 0;

  const start = now();
  while (index < limit && options.signal?.aborted !== true) {
    const intendedAt = start + index * intervalMs;
    const wait = intendedAt - now();
    if (wait > 0) {
      // setTimeout sleeps at least ~1 ms; every send that became due meanwhile starts at once.
      await sleep(wait);
      continue;
    }
    if (outstanding.size >= options.maxOutstanding) {
      throttled++;
      await Promise.race(outstanding);
      continue;
    }
    const startedAt = now();
    lag.record(startedAt - intendedAt);
    lastStart = startedAt;
    const sending: Promise<void> = options
      .send({ index, intendedAt })
      .catch(() => {
        errors++;
      })
      .finally(() => outstanding.delete(sending));
    outstanding.add(sending);
    index++;
  }
  await Promise.all(outstanding);

  const sendingMs = Math.max(lastStart - start, 0);
  return {
    sent: index,
    errors,
    elapsedMs: now() - start,
    sendingMs,
    // n sends over (n - 1) intervals: the rate, not the count per elapsed time.
    offeredPerSec: index > 1 && sendingMs > 0 ? ((index - 1) * 1000) / sendingMs : index,
    startLag: lag.summary(),
    throttled,
  };
}

/** How many sends a schedule offers: count, or what the duration holds at the rate. */
function scheduleLength(options: OpenLoopOptions): number {
  const byDuration =
    options.durationMs === undefined
      ? Number.POSITIVE_INFINITY
      : Math.ceil((options.durationMs * options.rate) / 1000);
  const byCount = options.count ?? Number.POSITIVE_INFINITY;
  return Math.min(byCount, byDuration);
}
