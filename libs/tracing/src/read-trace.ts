import type { Bus } from "@pod/bus";
import { STREAMS, subjects } from "@pod/protocol";
import { TRACING_ERROR_CODES, TracingError } from "./errors.js";
import { isTraceId, msOf, spansOfBatch, type TraceSpan } from "./span.js";

export type TraceQuery = { traceId: string } | { requestKey: string };

export interface ReadTraceOptions {
  /** How long to wait for a trace that has nothing stored yet (a request just sent). */
  waitMs?: number;
  /**
   * Quiet time that ends the read of a trace still being written: services export every
   * second, so a span that ended just now can arrive a second or so later.
   */
  settleMs?: number;
  /** Upper bound of the whole read. */
  timeoutMs?: number;
}

export const READ_TRACE_DEFAULTS = {
  waitMs: 3_000,
  settleMs: 1_500,
  timeoutMs: 15_000,
  pollMs: 200,
} as const;

/**
 * The stored spans of one trace (by trace id, or by the request key it was indexed under),
 * ordered by start time; [] when the store holds none. A trace whose newest span is recent
 * is read until no span arrived for `settleMs`; an older one returns once read.
 */
export async function readTrace(
  bus: Bus,
  query: TraceQuery,
  options: ReadTraceOptions = {},
): Promise<TraceSpan[]> {
  const o = { ...READ_TRACE_DEFAULTS, ...options };
  const started = Date.now();
  const deadline = started + o.timeoutMs;
  const traceId =
    "traceId" in query
      ? checkedTraceId(query.traceId)
      : await traceOfRequest(bus, query.requestKey, started + o.waitMs);
  if (!traceId) return [];

  const subject = subjects.traceSpans(traceId);
  const spans = new Map<string, TraceSpan>();
  let read = 0;
  let lastArrival = Date.now();
  const consumer = await store(() =>
    bus.js.consumers.get(STREAMS.traces.name, { filter_subjects: subject }),
  );
  try {
    for (;;) {
      const stored = await storedOn(bus, subject);
      if (stored > read) {
        const batch = await store(() =>
          consumer.fetch({ max_messages: stored - read, expires: 2_000 }),
        );
        for await (const m of batch) {
          read++;
          for (const s of spansOfBatch(m.data)) spans.set(s.spanId, s);
        }
        lastArrival = Date.now();
      }
      const now = Date.now();
      if (now >= deadline) break;
      if (spans.size === 0) {
        if (now - started >= o.waitMs) break;
      } else {
        const newestEnd = Math.max(...[...spans.values()].map((s) => msOf(s.endTimeUnixNano)));
        const writing = now - newestEnd < o.settleMs + EXPORT_DELAY_MS;
        if (!writing || now - lastArrival >= o.settleMs) break;
      }
      await sleep(o.pollMs);
    }
  } finally {
    await (consumer as { delete?: () => Promise<unknown> }).delete?.().catch(() => undefined);
  }
  return [...spans.values()].sort((a, b) => msOf(a.startTimeUnixNano) - msOf(b.startTimeUnixNano));
}

/** How long services hold finished spans before export (their batch span processor). */
const EXPORT_DELAY_MS = 1_000;

/**
 * The trace id the request key was last indexed under, waiting until `until` for a request
 * whose spans have not been exported yet; undefined when there is none.
 */
export async function traceOfRequest(
  bus: Bus,
  requestKey: string,
  until: number = Date.now(),
): Promise<string | undefined> {
  if (!/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(requestKey)) {
    throw new TracingError(TRACING_ERROR_CODES.badQuery, `"${requestKey}" is not a request key`);
  }
  for (;;) {
    const m = await store(() =>
      bus.jsm.streams
        .getMessage(STREAMS.traces.name, { last_by_subj: subjects.traceOfRequest(requestKey) })
        .catch((error: unknown) => (isNotFound(error) ? null : Promise.reject(error))),
    );
    const traceId = m ? (m.json() as { traceId?: unknown }).traceId : undefined;
    if (typeof traceId === "string" && isTraceId(traceId)) return traceId;
    if (Date.now() >= until) return undefined;
    await sleep(READ_TRACE_DEFAULTS.pollMs);
  }
}

async function storedOn(bus: Bus, subject: string): Promise<number> {
  const info = await store(() =>
    bus.jsm.streams.info(STREAMS.traces.name, { subjects_filter: subject }),
  );
  return info.state.subjects?.[subject] ?? 0;
}

function checkedTraceId(id: string): string {
  const lower = id.toLowerCase();
  if (!isTraceId(lower)) {
    throw new TracingError(TRACING_ERROR_CODES.badQuery, `"${id}" is not a trace id`);
  }
  return lower;
}

/** JetStream's "no message found" (10037) for a subject with nothing stored. */
function isNotFound(error: unknown): boolean {
  const e = error as { code?: unknown; api_error?: { err_code?: number } };
  return e?.api_error?.err_code === 10037 || /no message found/i.test(String(error));
}

async function store<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (cause) {
    throw new TracingError(
      TRACING_ERROR_CODES.storeUnavailable,
      `the trace store (${STREAMS.traces.name}) did not answer: ${(cause as Error)?.message}`,
      { cause },
    );
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
