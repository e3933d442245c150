/**
 * The one place where subject names and stream names are defined. Every service and every
 * test builds subjects through these helpers, so a rename is a change here and nowhere else.
 */

/** Operations an agent can request. Each is one token of `pod.ingest.<operation>`. */
export const OPERATIONS = [
  "register_agent",
  "register_agents",
  "update_agent",
  "create_channel",
  "join_channel",
  "leave_channel",
  "send_direct",
  "post_channel",
  "mark_message",
] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Pipeline handoffs between stages: `pod.pipeline.<stage>.<operation>`. */
export const STAGES = {
  /** ingest -> compression: validated, signed requests. */
  accepted: "accepted",
  /** compression -> ipfs-storage: content too large for the chain record. */
  store: "store",
  /** compression or ipfs-storage -> tx-bundler: records ready for the chain. */
  ready: "ready",
} as const;
export type Stage = keyof typeof STAGES;

/** Lifecycle events: `pod.events.<entity>.<event>`. */
export const EVENTS = {
  request: ["accepted", "rejected"],
  content: ["stored"],
  record: ["confirmed", "failed"],
  message: ["delivered"],
} as const;
export type EventEntity = keyof typeof EVENTS;
export type EventName<E extends EventEntity> = (typeof EVENTS)[E][number];

/** Services, named as they name their durable consumers and dead-letter subjects. */
export const SERVICES = [
  "ingest",
  "compression",
  "ipfs-storage",
  "tx-bundler",
  "subscription",
  "metrics",
] as const;
export type ServiceName = (typeof SERVICES)[number];

export const subjects = {
  ingest: (op: Operation | "*" | ">") => `pod.ingest.${op}`,
  pipeline: (stage: Stage | "*", op: Operation | "*" | ">" = ">") => `pod.pipeline.${stage}.${op}`,
  event: <E extends EventEntity>(entity: E | "*", event: EventName<E> | "*" | ">") =>
    `pod.events.${entity}.${event}`,
  dlq: (service: ServiceName | "*") => `pod.dlq.${service}`,
  /** Core NATS request-reply (no stream): fetch content by CID from ipfs-storage. */
  ipfsGet: "pod.ipfs.get",
  /** Core NATS, between ipfs-storage instances: a raw block one of them lacks. */
  ipfsPeerGet: "pod.ipfs.peer.get",
  /** The local trace store: a finished span (OTLP JSON) of trace `traceId` (32 hex digits). */
  traceSpans: (traceId: string | "*") => `pod.traces.span.${traceId}`,
  /** The local trace store: which trace a request key's spans belong to. */
  traceOfRequest: (requestKey: string | "*") => `pod.traces.request.${requestKey}`,
} as const;

/** NATS headers of the protocol itself (the bus adds its own: msg id, trace context). */
export const POD_HEADERS = {
  /** An inbox the agent listens on for ingest's verdict (IngestVerdict) on its request. */
  replyTo: "Pod-Reply-To",
} as const;

/**
 * JetStream key-value buckets and who owns them. Shared state between instances of one
 * service lives here, never in process memory.
 */
export const KV_BUCKETS = {
  /** ingest: request keys seen inside the timestamp window (replay protection). */
  replay: "pod_replay",
  /** ingest: token buckets per agent (rate limit across instances). */
  rate: "pod_rate",
  /** ingest: agents whose registration is confirmed on chain. */
  agents: "pod_agents",
  /** tx-bundler: which transaction carries each request, written before it is sent. */
  bundlerClaims: "pod_bundler_claims",
  /** subscription: outstanding challenges (single use, short TTL; any instance answers). */
  challenges: "pod_sub_challenges",
} as const;

/** Stream names. Each stream owns exactly one subject tree. */
export const STREAMS = {
  requests: { name: "POD_REQUESTS", subjects: ["pod.ingest.>"] },
  pipeline: { name: "POD_PIPELINE", subjects: ["pod.pipeline.>"] },
  events: { name: "POD_EVENTS", subjects: ["pod.events.>"] },
  dlq: { name: "POD_DLQ", subjects: ["pod.dlq.>"] },
  /** Spans kept on the embedded default (no OTLP endpoint), for `pod trace`. */
  traces: { name: "POD_TRACES", subjects: ["pod.traces.>"] },
} as const;
export type StreamKey = keyof typeof STREAMS;

/** Parse `pod.ingest.<op>` or `pod.pipeline.<stage>.<op>` back into its operation. */
export function operationOf(subject: string): Operation | undefined {
  const last = subject.slice(subject.lastIndexOf(".") + 1);
  return (OPERATIONS as readonly string[]).includes(last) ? (last as Operation) : undefined;
}
