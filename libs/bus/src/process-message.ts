import type { JsMsg } from "@nats-io/jetstream";
import {
  context as otelContext,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from "@opentelemetry/api";
import type { Bus } from "./connect.js";
import type { ConsumerEvent } from "./consumer-events.js";
import { backoffFor, type ResolvedConsumeOptions } from "./consume-options.js";
import { deadLetter } from "./dead-letter.js";
import { createDelivery, type Delivery } from "./delivery.js";
import { BUS_ERROR_CODES, codeOf, isPermanent } from "./errors.js";
import { ATTR, MESSAGING_SYSTEM, TRACER_NAME } from "./semconv.js";
import { extractTraceContext } from "./trace-context.js";

export interface ProcessSettings extends ResolvedConsumeOptions {
  maxDeliver: number;
  ackWaitMs: number;
}

/**
 * Runs the handler for one message inside a consumer span that continues the publisher's
 * trace, then settles the message: ack after every output is durable, nak with backoff on a
 * transient failure, dead-letter on a permanent one or when the delivery bound is reached.
 */
export async function processMessage(bus: Bus, msg: JsMsg, s: ProcessSettings): Promise<void> {
  const parent = extractTraceContext(msg.headers, ROOT_CONTEXT);
  const span = trace.getTracer(TRACER_NAME).startSpan(
    `process ${msg.subject}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        [ATTR.system]: MESSAGING_SYSTEM,
        [ATTR.destination]: msg.subject,
        [ATTR.operationType]: "process",
        [ATTR.consumerGroup]: s.durable,
        [ATTR.bodySize]: msg.data.byteLength,
        [ATTR.deliveryCount]: msg.info.deliveryCount,
        [ATTR.streamSequence]: msg.seq,
      },
    },
    parent,
  );
  const spanContext = trace.setSpan(parent, span);
  const tracked = createDelivery(bus, msg, spanContext);
  const { delivery } = tracked;
  if (delivery.msgId) span.setAttribute(ATTR.messageId, delivery.msgId);
  const started = Date.now();
  const keepAlive = keepWorking(msg, s);

  try {
    // A delivery past the bound means the last attempt timed out or its dead-lettering failed.
    if (delivery.deliveryCount > s.maxDeliver) {
      await park(bus, msg, s, span, delivery, {
        reason: `delivered ${delivery.deliveryCount} times, bound is ${s.maxDeliver}`,
        code: BUS_ERROR_CODES.deliveriesExhausted,
      });
      return;
    }

    try {
      await otelContext.with(spanContext, () => s.handler(delivery));
      await tracked.outputsDurable();
    } catch (err) {
      await tracked.outputsDurable().catch(() => undefined);
      await onFailure(bus, msg, s, span, delivery, err);
      return;
    }

    keepAlive.stop();
    await acknowledge(msg, s, delivery);
    s.onEvent({ type: "handled", durationMs: Date.now() - started, ...fields(delivery) });
  } finally {
    keepAlive.stop();
    span.end();
  }
}

async function onFailure(
  bus: Bus,
  msg: JsMsg,
  s: ProcessSettings,
  span: Span,
  delivery: Delivery,
  err: unknown,
): Promise<void> {
  const code = codeOf(err);
  span.recordException(err as Error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
  span.setAttribute(ATTR.errorType, code);

  if (isPermanent(err) || delivery.deliveryCount >= s.maxDeliver) {
    const reason = (err as Error)?.message ?? String(err);
    await park(bus, msg, s, span, delivery, { reason, code });
    return;
  }
  const delayMs = backoffFor(s.backoffMs, delivery.deliveryCount);
  msg.nak(delayMs);
  s.onEvent({ type: "retry_scheduled", delayMs, code, error: err, ...fields(delivery) });
}

async function park(
  bus: Bus,
  msg: JsMsg,
  s: ProcessSettings,
  span: Span,
  delivery: Delivery,
  failure: { reason: string; code: string },
): Promise<void> {
  try {
    await deadLetter(
      bus,
      msg,
      { service: s.service, subject: s.deadLetterSubject },
      failure,
      delivery.traceContext,
    );
    span.setAttribute("pod.dead_lettered", true);
    s.onEvent({ type: "dead_lettered", ...failure, ...fields(delivery) });
  } catch (error) {
    // Not parked, so not terminated: it comes back and dead-lettering is tried again.
    msg.nak(backoffFor(s.backoffMs, delivery.deliveryCount));
    s.onEvent({ type: "dead_letter_failed", error, ...fields(delivery) });
  }
}

async function acknowledge(msg: JsMsg, s: ProcessSettings, delivery: Delivery): Promise<void> {
  try {
    await msg.ackAck({ timeout: s.ackTimeoutMs });
  } catch (error) {
    // The server may or may not have the ack; a redelivery is safe because stages are
    // idempotent, so report and move on.
    s.onEvent({ type: "ack_failed", error, ...fields(delivery) });
  }
}

/** Extends the ack deadline while a handler runs, for at most `maxWorkingMs`. */
function keepWorking(msg: JsMsg, s: ProcessSettings): { stop(): void } {
  const everyMs = Math.max(Math.floor(s.ackWaitMs / 2), 100);
  const until = Date.now() + s.maxWorkingMs;
  const timer = setInterval(() => {
    if (Date.now() >= until) return clearInterval(timer);
    msg.working();
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

function fields(
  d: Delivery,
): Pick<
  Extract<ConsumerEvent, { type: "handled" }>,
  "subject" | "msgId" | "deliveryCount" | "traceId"
> {
  return {
    subject: d.subject,
    msgId: d.msgId,
    deliveryCount: d.deliveryCount,
    traceId: d.traceId,
  };
}
