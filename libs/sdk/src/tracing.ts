import { randomBytes } from "node:crypto";
import {
  context as otelContext,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Context,
  type Span,
} from "@opentelemetry/api";

export const SDK_TRACER_NAME = "@pod/sdk";

/** A publish span and the context the bus publish runs in (its trace id is the request's). */
export interface PublishTrace {
  span: Span;
  context: Context;
  traceId: string;
}

/**
 * Starts the PRODUCER span of an agent's publish. Without a recording tracer (no OpenTelemetry
 * SDK in the agent's process) the span is a no-op with no id, so a fresh sampled context with a
 * random trace id is put in its place: the pipeline's spans still share one trace that starts
 * at this agent, and the sampled flag asks the services to record it.
 */
export function startPublishTrace(
  name: string,
  attributes: Record<string, string | number>,
): PublishTrace {
  const parent = otelContext.active();
  const span = trace
    .getTracer(SDK_TRACER_NAME)
    .startSpan(name, { kind: SpanKind.PRODUCER, attributes }, parent);
  const own = span.spanContext();
  if (trace.isSpanContextValid(own)) {
    return { span, context: trace.setSpan(parent, span), traceId: own.traceId };
  }
  const fresh = {
    traceId: randomBytes(16).toString("hex"),
    spanId: randomBytes(8).toString("hex"),
    traceFlags: TraceFlags.SAMPLED,
  };
  return { span, context: trace.setSpanContext(parent, fresh), traceId: fresh.traceId };
}

/** Ends the span, recording `error` when the publish failed. */
export function endPublishTrace(t: PublishTrace, error?: unknown): void {
  if (error !== undefined) {
    const e = error as Error;
    t.span.recordException(e);
    t.span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
    t.span.setAttribute("error.type", (e as { code?: string }).code ?? e.name);
  }
  t.span.end();
}
