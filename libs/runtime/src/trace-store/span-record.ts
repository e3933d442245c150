import { SpanKind, SpanStatusCode, type AttributeValue, type HrTime } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";

/** Version of the stored span encoding (the `v` of every message on pod.traces.span.*). */
export const SPAN_RECORD_VERSION = 1;

export type SpanKindName = "internal" | "server" | "client" | "producer" | "consumer";
export type SpanAttributes = Record<string, AttributeValue>;

/**
 * One finished span as the local trace store keeps it: OTLP JSON's span fields, flattened
 * (attributes as a plain object, the service beside the span, times as decimal strings of
 * Unix nanoseconds because they do not fit a JSON number).
 */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: SpanKindName;
  service: string;
  /** Instrumentation scope (the tracer's name), e.g. "@pod/bus". */
  scope: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: SpanAttributes;
  status: { code: "unset" | "ok" | "error"; message?: string };
  events: { name: string; timeUnixNano: string; attributes?: SpanAttributes }[];
  links?: { traceId: string; spanId: string; attributes?: SpanAttributes }[];
}

/** The body of one message on pod.traces.span.<traceId>: spans of that one trace. */
export interface SpanBatch {
  v: typeof SPAN_RECORD_VERSION;
  spans: SpanRecord[];
}

/** The body of pod.traces.request.<requestKey>: the trace that request's spans are in. */
export interface TraceIndexEntry {
  v: typeof SPAN_RECORD_VERSION;
  requestKey: string;
  traceId: string;
}

const KINDS: Record<SpanKind, SpanKindName> = {
  [SpanKind.INTERNAL]: "internal",
  [SpanKind.SERVER]: "server",
  [SpanKind.CLIENT]: "client",
  [SpanKind.PRODUCER]: "producer",
  [SpanKind.CONSUMER]: "consumer",
};

const STATUS = {
  [SpanStatusCode.UNSET]: "unset",
  [SpanStatusCode.OK]: "ok",
  [SpanStatusCode.ERROR]: "error",
} as const;

/** Unix nanoseconds of an OpenTelemetry time, as a decimal string. */
export function nanosOf(time: HrTime): string {
  // String arithmetic: a BigInt per timestamp costs more than the rest of the encoding.
  const [seconds, nanos] = time;
  if (seconds === 0) return String(nanos);
  return `${seconds}${String(nanos).padStart(9, "0")}`;
}

/** The stored form of a finished span; `service` is used when the resource names none. */
export function spanRecordOf(span: ReadableSpan, service: string): SpanRecord {
  const ctx = span.spanContext();
  const resourceService = span.resource.attributes["service.name"];
  const record: SpanRecord = {
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    name: span.name,
    kind: KINDS[span.kind] ?? "internal",
    // The SDK's default resource says "unknown_service:<argv0>": not a name worth keeping.
    service:
      typeof resourceService === "string" && !resourceService.startsWith("unknown_service")
        ? resourceService
        : service,
    scope: span.instrumentationScope.name,
    startTimeUnixNano: nanosOf(span.startTime),
    endTimeUnixNano: nanosOf(span.endTime),
    attributes: definedOnly(span.attributes),
    status: { code: STATUS[span.status.code] ?? "unset" },
    events: span.events.map((e) => ({
      name: e.name,
      timeUnixNano: nanosOf(e.time),
      ...(e.attributes ? { attributes: definedOnly(e.attributes) } : {}),
    })),
  };
  const parent = span.parentSpanContext?.spanId;
  if (parent) record.parentSpanId = parent;
  if (span.status.message) record.status.message = span.status.message;
  if (span.links.length > 0) {
    record.links = span.links.map((l) => ({
      traceId: l.context.traceId,
      spanId: l.context.spanId,
      ...(l.attributes ? { attributes: definedOnly(l.attributes) } : {}),
    }));
  }
  return record;
}

function definedOnly(attributes: Record<string, AttributeValue | undefined>): SpanAttributes {
  const out: SpanAttributes = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) out[key] = value;
  return out;
}
