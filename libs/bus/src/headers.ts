import { headers as natsHeaders, type MsgHdrs } from "@nats-io/transport-node";

/** Header names the bus writes. NATS's own (`Nats-*`) belong to the server and client. */
export const HEADERS = {
  msgId: "Nats-Msg-Id",
  dlqReason: "Pod-Dlq-Reason",
  dlqCode: "Pod-Dlq-Code",
  dlqService: "Pod-Dlq-Service",
  dlqSubject: "Pod-Dlq-Subject",
  dlqDeliveries: "Pod-Dlq-Deliveries",
  dlqMsgId: "Pod-Dlq-Msg-Id",
  dlqStreamSeq: "Pod-Dlq-Stream-Seq",
} as const;

/** Headers as a plain object, the shape handlers and callers pass around. */
export type HeaderMap = Record<string, string>;

/** Builds NATS headers from a plain object; later keys win. */
export function toMsgHdrs(...maps: (HeaderMap | undefined)[]): MsgHdrs {
  const h = natsHeaders();
  for (const map of maps) {
    for (const [key, value] of Object.entries(map ?? {})) h.set(key, value);
  }
  return h;
}

/** Reads NATS headers into a plain object (first value of each key). */
export function fromMsgHdrs(h: MsgHdrs | undefined): HeaderMap {
  const out: HeaderMap = {};
  if (!h) return out;
  for (const key of h.keys()) out[key] = h.get(key);
  return out;
}

/** True for headers that only make sense on the original publish (ids, expectations). */
export function isPublishControlHeader(key: string): boolean {
  return /^nats-/i.test(key);
}
