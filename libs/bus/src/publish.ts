import { randomBytes } from "node:crypto";
import type { PubAck } from "@nats-io/jetstream";
import {
  context as otelContext,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Context,
} from "@opentelemetry/api";
import type { Bus } from "./connect.js";
import { BusInvalidArgumentError, BusNotConnectedError, BusPublishError } from "./errors.js";
import { toMsgHdrs, type HeaderMap } from "./headers.js";
import { streamOf } from "./routing.js";
import { ATTR, MESSAGING_SYSTEM, TRACER_NAME } from "./semconv.js";
import { injectTraceContext } from "./trace-context.js";

export interface PublishOptions {
  /** Stable id of this message: a republish with the same id is stored once (dedup window). */
  msgId: string;
  headers?: HeaderMap;
  /**
   * Stream the server must store the message in. Default: the PoD stream owning the subject,
   * so a subject mapped to the wrong stream fails loudly. `false` turns the check off.
   */
  expectStream?: string | false;
  /** Parent of the producer span. Default: the active OpenTelemetry context. */
  context?: Context;
  /** How long to wait for the PubAck. Default: the JetStream client's timeout. */
  timeoutMs?: number;
}

/** A message body: bytes pass through, anything else is JSON-encoded. */
export type Payload = Uint8Array | object | string | number | boolean | null;

const encoder = new TextEncoder();

/** Encodes a payload the way `publish` does. */
export function encodePayload(payload: Payload): Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  const json = JSON.stringify(payload);
  if (json === undefined) throw new BusInvalidArgumentError("payload", "not JSON-encodable");
  return encoder.encode(json);
}

/**
 * Publishes to JetStream and resolves with the PubAck once the message is stored;
 * `duplicate` is true when the server already had this `msgId`. Trace context is injected.
 */
export async function publish(
  bus: Bus,
  subject: string,
  payload: Payload,
  opts: PublishOptions,
): Promise<PubAck> {
  validate(subject, opts);
  const data = encodePayload(payload);
  if (bus.nc.isClosed()) throw new BusNotConnectedError(bus.nc.getServer(), "connection closed");

  const parent = opts.context ?? otelContext.active();
  const span = trace.getTracer(TRACER_NAME).startSpan(
    `send ${subject}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        [ATTR.system]: MESSAGING_SYSTEM,
        [ATTR.destination]: subject,
        [ATTR.operationType]: "send",
        [ATTR.operationName]: "publish",
        [ATTR.messageId]: opts.msgId,
        [ATTR.bodySize]: data.byteLength,
      },
    },
    parent,
  );

  const headers = toMsgHdrs(opts.headers);
  injectTraceContext(traceable(trace.setSpan(parent, span)), headers);
  const expectStream = opts.expectStream === undefined ? streamOf(subject) : opts.expectStream;

  try {
    const ack = await bus.js.publish(subject, data, {
      msgID: opts.msgId,
      headers,
      ...(expectStream ? { expect: { streamName: expectStream } } : {}),
      ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
    });
    span.setAttribute("messaging.nats.duplicate", ack.duplicate);
    return ack;
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    span.setAttribute(ATTR.errorType, (err as Error).name);
    throw new BusPublishError(subject, opts.msgId, { cause: err });
  } finally {
    span.end();
  }
}

/**
 * Without an SDK, a message that starts a trace would carry none: give it a fresh, unsampled
 * trace id so every hop (and every log line) still shares one id.
 */
function traceable(ctx: Context): Context {
  const current = trace.getSpanContext(ctx);
  if (current && trace.isSpanContextValid(current)) return ctx;
  return trace.setSpanContext(ctx, {
    traceId: randomBytes(16).toString("hex"),
    spanId: randomBytes(8).toString("hex"),
    traceFlags: TraceFlags.NONE,
  });
}

function validate(subject: string, opts: PublishOptions): void {
  if (typeof subject !== "string" || !/^[^\s.*>]+(\.[^\s.*>]+)*$/.test(subject)) {
    throw new BusInvalidArgumentError("subject", `${JSON.stringify(subject)} is not a subject`);
  }
  if (typeof opts?.msgId !== "string" || opts.msgId.length === 0) {
    throw new BusInvalidArgumentError("msgId", "a non-empty stable id is required for dedup");
  }
}
