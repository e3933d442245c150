import type { JsMsg } from "@nats-io/jetstream";
import type { Context } from "@opentelemetry/api";
import type { Bus } from "./connect.js";
import { fromMsgHdrs, HEADERS, isPublishControlHeader, type HeaderMap } from "./headers.js";
import { publish } from "./publish.js";
import { MAX_REASON_BYTES, PROTOCOL_VERSION } from "@pod/protocol";

/** A reason within the schema's bound (MAX_REASON_BYTES), cut at a character boundary. */
function boundedReason(reason: string): string {
  if (Buffer.byteLength(reason) <= MAX_REASON_BYTES) return reason || "unknown";
  let cut = reason.slice(0, MAX_REASON_BYTES - 3);
  while (Buffer.byteLength(cut) > MAX_REASON_BYTES - 3) cut = cut.slice(0, -1);
  return `${cut}...`;
}

/**
 * The body of a message in POD_DLQ (the protocol's `deadLetter` schema): enough to inspect,
 * replay or discard the original.
 */
export interface DeadLetterRecord {
  v: typeof PROTOCOL_VERSION;
  service: string;
  subject: string;
  reason: string;
  code: string;
  deliveries: number;
  /** Unix ms of dead-lettering. */
  at: number;
  msgId: string | undefined;
  stream: string;
  streamSequence: number;
  /** The original body, base64. */
  data: string;
}

export interface DeadLetterTarget {
  service: string;
  subject: string;
}

/**
 * Parks a message in the dead-letter stream (original headers copied, `Pod-Dlq-*` added),
 * waits for the PubAck, then terminates the original so it is never delivered again.
 */
export async function deadLetter(
  bus: Bus,
  msg: JsMsg,
  target: DeadLetterTarget,
  failure: { reason: string; code: string },
  traceContext: Context,
): Promise<DeadLetterRecord> {
  const original = fromMsgHdrs(msg.headers);
  const record: DeadLetterRecord = {
    v: PROTOCOL_VERSION,
    service: target.service,
    subject: msg.subject,
    reason: boundedReason(failure.reason),
    code: failure.code,
    deliveries: msg.info.deliveryCount,
    at: Date.now(),
    msgId: original[HEADERS.msgId] || undefined,
    stream: msg.info.stream,
    streamSequence: msg.seq,
    data: Buffer.from(msg.data).toString("base64"),
  };

  const copied: HeaderMap = {};
  for (const [key, value] of Object.entries(original)) {
    if (!isPublishControlHeader(key)) copied[key] = value;
  }
  const headers: HeaderMap = {
    ...copied,
    [HEADERS.dlqReason]: headerSafe(failure.reason),
    [HEADERS.dlqCode]: failure.code,
    [HEADERS.dlqService]: target.service,
    [HEADERS.dlqSubject]: msg.subject,
    [HEADERS.dlqDeliveries]: String(record.deliveries),
    [HEADERS.dlqStreamSeq]: String(msg.seq),
  };
  if (record.msgId) headers[HEADERS.dlqMsgId] = record.msgId;

  // One dead letter per stored message, however often this is retried.
  const msgId = `dlq:${target.service}:${msg.info.stream}:${msg.seq}`;
  await publish(bus, target.subject, record, { msgId, headers, context: traceContext });

  // No reason text: servers before 2.10 do not parse "+TERM <reason>" and ignore the term.
  msg.term();
  // term() is fire-and-forget; a flush proves the server has read it.
  await bus.nc.flush();
  return record;
}

/** Header values are single-line; a multi-line error message is folded and capped. */
function headerSafe(text: string): string {
  return text.replace(/[\r\n]+/g, " ").slice(0, 1_000);
}
