import type { SpanRecord } from "@pod/runtime";

/** One stored span as `readTrace` returns it (the local trace store's encoding). */
export type TraceSpan = SpanRecord;

const HEX32 = /^[0-9a-f]{32}$/;

/**
 * The spans of one message on pod.traces.span.<traceId> ({v: 1, spans}); entries that are
 * not spans (another writer, another version) are left out rather than failing the read.
 */
export function spansOfBatch(data: Uint8Array): TraceSpan[] {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(data).toString("utf8"));
  } catch {
    return [];
  }
  if (typeof body !== "object" || body === null) return [];
  const { v, spans } = body as { v?: unknown; spans?: unknown };
  if (v !== 1 || !Array.isArray(spans)) return [];
  return spans.filter(isSpan);
}

function isSpan(value: unknown): value is TraceSpan {
  if (typeof value !== "object" || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    typeof s.traceId === "string" &&
    HEX32.test(s.traceId) &&
    typeof s.spanId === "string" &&
    typeof s.name === "string" &&
    typeof s.startTimeUnixNano === "string" &&
    typeof s.endTimeUnixNano === "string" &&
    typeof s.attributes === "object" &&
    s.attributes !== null
  );
}

/** Unix milliseconds (fractional) of a stored time. */
export function msOf(unixNano: string): number {
  return Number(BigInt(unixNano) / 1_000n) / 1_000;
}

/** Whether `id` is a trace id as the store names it (32 lowercase hex digits). */
export function isTraceId(id: string): boolean {
  return HEX32.test(id);
}
