import { injectTraceContext, publish, type Bus, type Delivery, type PubAck } from "@pod/bus";
import { headers as natsHeaders } from "@nats-io/transport-node";
import {
  fields,
  MAX_REASON_BYTES,
  OPERATIONS,
  PROTOCOL_VERSION,
  subjects,
  type AcceptedPayload,
  type IngestVerdict,
  type Operation,
  type Receipt,
  type Rejection,
  type RequestAcceptedEvent,
  type RequestRejectedEvent,
  type SignedRequest,
} from "@pod/protocol";

/**
 * Outputs go through `bus`, ingest's own connection (see service.ts), each awaited before the
 * handler returns: the input is still acked only after every output has its PubAck.
 */

/**
 * Publishes an accepted request: the payload for compression, then the event, then (when the
 * agent named an inbox) the verdict with its receipt. Each publish waits for the one before,
 * so nothing claims an acceptance that is not yet durable.
 */
export async function publishAccepted(
  bus: Bus,
  delivery: Delivery,
  request: SignedRequest,
  requestKey: string,
  receivedAt: number,
  inbox: string | undefined,
  clock: () => number,
): Promise<Receipt> {
  const payload: AcceptedPayload = {
    v: PROTOCOL_VERSION,
    requestId: request.id,
    receivedAt,
    request,
  };
  const msgId = `accepted:${requestKey}`;
  const context = delivery.traceContext;
  const ack = await publish(bus, subjects.pipeline("accepted", request.op), payload, {
    msgId,
    context,
  });
  const acceptedAt = clock();
  const event: RequestAcceptedEvent = {
    v: PROTOCOL_VERSION,
    requestId: request.id,
    op: request.op,
    agent: request.agent,
    at: acceptedAt,
  };
  await publish(bus, subjects.event("request", "accepted"), event, { msgId, context });
  const receipt = receiptOf(request, requestKey, acceptedAt, ack);
  if (inbox !== undefined) sendVerdict(bus, delivery, inbox, { status: "accepted", receipt });
  return receipt;
}

function receiptOf(
  request: SignedRequest,
  requestKey: string,
  acceptedAt: number,
  ack: PubAck,
): Receipt {
  const receipt: Receipt = {
    requestId: request.id,
    requestKey,
    acceptedAt,
    stream: ack.stream,
    seq: ack.seq,
  };
  if (ack.duplicate) receipt.duplicate = true;
  return receipt;
}

/** Who sent a refused request, as far as it can be told: for the agent to match its verdict. */
export interface Sender {
  requestId?: string;
  op?: Operation;
  agent?: string;
}

/** The event (one per stored message, however often it is redelivered), then the verdict. */
export async function publishRejected(
  bus: Bus,
  delivery: Delivery,
  rejection: Rejection,
  sender: Sender,
  inbox: string | undefined,
  at: number,
): Promise<RequestRejectedEvent> {
  const event: RequestRejectedEvent = {
    v: PROTOCOL_VERSION,
    ...sender,
    code: rejection.code,
    reason: clip(rejection.reason, MAX_REASON_BYTES),
    at,
  };
  if (rejection.field !== undefined) event.field = clip(rejection.field, 256);
  await publish(bus, subjects.event("request", "rejected"), event, {
    msgId: `rejected:${delivery.streamSequence}`,
    context: delivery.traceContext,
  });
  if (inbox !== undefined)
    sendVerdict(bus, delivery, inbox, { status: "rejected", rejection: event });
  return event;
}

/** A core publish: the agent listens on its inbox; nothing is stored. */
function sendVerdict(bus: Bus, delivery: Delivery, inbox: string, verdict: IngestVerdict): void {
  const headers = natsHeaders();
  injectTraceContext(delivery.traceContext, headers);
  bus.nc.publish(inbox, JSON.stringify(verdict), { headers });
}

/**
 * The sender of `request`, or else what can be read from the raw bytes: fields that pass
 * their own schema, so the event stays valid whatever the bytes held.
 */
export function senderOf(
  request: SignedRequest | undefined,
  bytes: Uint8Array | undefined,
  subjectOp: Operation | undefined,
): Sender {
  if (request !== undefined) return { requestId: request.id, op: request.op, agent: request.agent };
  const sender: Sender = {};
  let value: unknown;
  try {
    value = bytes && JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    value = undefined;
  }
  const body =
    typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  if (fields.requestId.safeParse(body["id"]).success) sender.requestId = body["id"] as string;
  if (fields.publicKey.safeParse(body["agent"]).success) sender.agent = body["agent"] as string;
  const op = body["op"];
  if (typeof op === "string" && (OPERATIONS as readonly string[]).includes(op)) {
    sender.op = op as Operation;
  } else if (subjectOp !== undefined) {
    sender.op = subjectOp;
  }
  return sender;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
