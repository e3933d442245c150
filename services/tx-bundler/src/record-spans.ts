import {
  otelContext,
  SpanStatusCode,
  trace,
  TRACE_ATTR,
  type Attributes,
  type Context,
  type Span,
} from "@pod/runtime";
import type { BundleRecord } from "./ready-record.js";

const tracer = () => trace.getTracer("@pod/tx-bundler");

/** Where a record's trace is: its consumer span's context, and when it was handed over. */
interface RecordTrace {
  context: Context;
  queuedAt: number;
}

/**
 * A bundle carries several requests, each in its own trace. So that every request's trace
 * shows the steps its record went through, each step starts one span per record, as a child
 * of that record's consumer span, all with the same bundle attributes (signature, slot, ...).
 */
const traces = new WeakMap<BundleRecord, RecordTrace>();

/** Remembers the active context (the record's consumer span) for the record's step spans. */
export function captureRecordTrace(record: BundleRecord): void {
  if (!traces.has(record)) {
    traces.set(record, { context: otelContext.active(), queuedAt: Date.now() });
  }
}

/** One step's spans, one per record; ended together. */
export interface StepSpans {
  set(attributes: Attributes): void;
  end(attributes?: Attributes): void;
  fail(error: unknown): void;
}

/**
 * Starts span `name` in every record's trace (from `startAt`, default now, or from when the
 * record was queued when `fromQueued`).
 */
export function startStep(
  name: string,
  records: readonly { record: BundleRecord }[],
  attributes: Attributes = {},
  opts: { fromQueued?: boolean } = {},
): StepSpans {
  const spans: Span[] = [];
  for (const { record } of records) {
    const known = traces.get(record);
    const parent = known?.context ?? otelContext.active();
    spans.push(
      tracer().startSpan(
        name,
        {
          attributes: {
            [TRACE_ATTR.requestKey]: record.requestKey,
            [TRACE_ATTR.operation]: record.op,
            [TRACE_ATTR.bundleSize]: records.length,
            ...attributes,
          },
          ...(opts.fromQueued && known ? { startTime: known.queuedAt } : {}),
        },
        parent,
      ),
    );
  }
  return {
    set(more) {
      for (const s of spans) s.setAttributes(more);
    },
    end(more) {
      for (const s of spans) {
        if (more) s.setAttributes(more);
        s.end();
      }
    },
    fail(error) {
      for (const s of spans) {
        s.recordException(error as Error);
        s.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
        s.end();
      }
    },
  };
}
