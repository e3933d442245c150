import { PermanentError, type Delivery, type HeaderMap, type PubAck } from "@pod/bus";
import { STAGES } from "@pod/protocol";

/** Headers that belong to one hop (NATS ids and expectations, trace context): never copied. */
const HOP_HEADER = /^(nats-|traceparent$|tracestate$)/i;

const STAGE_PREFIX = new RegExp(`^(${Object.values(STAGES).join("|")}):`);

/**
 * The request's stable id: the body's `requestId` or `id`, else the message id without the
 * `<stage>:` prefix a pipeline stage put on it.
 */
export function requestIdOf(delivery: Delivery): string {
  const body = parseOrUndefined(delivery.data);
  for (const key of ["requestId", "id"] as const) {
    const value = body?.[key];
    if (typeof value === "string" && value.length > 0) return value;
  }
  const msgId = delivery.msgId;
  if (msgId) return msgId.replace(STAGE_PREFIX, "");
  throw new PermanentError(`message on ${delivery.subject} carries no request id`, {
    code: "REQUEST_ID_MISSING",
  });
}

/** The delivery's application headers, without the ones that only make sense on one hop. */
export function forwardedHeaders(delivery: Delivery): HeaderMap {
  const out: HeaderMap = {};
  for (const [key, value] of Object.entries(delivery.headers)) {
    if (!HOP_HEADER.test(key)) out[key] = value;
  }
  return out;
}

/**
 * Publishes the delivery's body unchanged to `subject`, as a child of its trace, with msg id
 * `<stage>:<request id>`; the input is acked only after this output has its PubAck.
 */
export function forwardUnchanged(
  delivery: Delivery,
  subject: string,
  stage: string,
): Promise<PubAck> {
  const msgId = `${stage}:${requestIdOf(delivery)}`;
  return delivery.publish(subject, delivery.data, { msgId, headers: forwardedHeaders(delivery) });
}

function parseOrUndefined(data: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(data).toString("utf8"));
    return typeof value === "object" && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
