import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  ReplayPolicy,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type StreamConfig,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { SERVICES, STREAMS, subjects, type ServiceName } from "@pod/protocol";
import { BusInvalidArgumentError } from "./errors.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Named defaults of the topology; every one can be overridden through `TopologyOptions`. */
export const TOPOLOGY_DEFAULTS = {
  replicas: 1,
  requestsMaxAgeMs: DAY,
  eventsMaxAgeMs: 7 * DAY,
  dlqMaxAgeMs: 30 * DAY,
  /** Spans are for looking at recent requests: a day, and at most tracesMaxBytes of them. */
  tracesMaxAgeMs: DAY,
  tracesMaxBytes: 512 * 1024 * 1024,
  /** Zero: nothing accepted into the pipeline expires while it waits for a stage. */
  pipelineMaxAgeMs: 0,
  /** A request's id dedups every republish within this window, at every hop. */
  duplicateWindowMs: 10 * MINUTE,
  ackWaitMs: 30_000,
  /** Deliveries the consuming library may use; the server allows one more (see below). */
  maxDeliver: 5,
  maxAckPending: 1_000,
} as const;

export interface TopologyDurations {
  requestsMaxAgeMs?: number;
  eventsMaxAgeMs?: number;
  dlqMaxAgeMs?: number;
  tracesMaxAgeMs?: number;
  tracesMaxBytes?: number;
  pipelineMaxAgeMs?: number;
  duplicateWindowMs?: number;
}

export interface ConsumerTuning {
  ackWaitMs?: number;
  maxDeliver?: number;
  maxAckPending?: number;
}

/**
 * Per-service departures from TOPOLOGY_DEFAULTS. The tx-bundler acks a record only after its
 * transaction confirmed (about a second) and packs thousands of records into transactions at
 * once, so its durable must allow that many unacked; options.consumers still win over these.
 */
export const SERVICE_CONSUMER_TUNING: Partial<Record<ServiceName, ConsumerTuning>> = {
  "tx-bundler": { maxAckPending: 10_000 },
};

export interface TopologyOptions {
  /** Copies of each stream and consumer (1 on a single server, 3 on a cluster). */
  replicas?: number;
  durations?: TopologyDurations;
  /** Applied to every service consumer. */
  consumers?: ConsumerTuning;
}

/** Where a service's durable consumer lives; services bind to it by these names. */
export interface ConsumerBinding {
  stream: string;
  durable: string;
  filterSubject: string;
}

/**
 * The durable of each service that shares its work between instances. subscription has none:
 * every instance must see every event (each pushes to its own clients), so it reads through
 * ordered consumers of its own; a shared durable would only pile up unread messages.
 */
const BINDINGS: Partial<Record<ServiceName, ConsumerBinding>> = {
  ingest: bind("ingest", STREAMS.requests.name, subjects.ingest(">")),
  compression: bind("compression", STREAMS.pipeline.name, subjects.pipeline("accepted")),
  "ipfs-storage": bind("ipfs-storage", STREAMS.pipeline.name, subjects.pipeline("store")),
  "tx-bundler": bind("tx-bundler", STREAMS.pipeline.name, subjects.pipeline("ready")),
  metrics: bind("metrics", STREAMS.events.name, STREAMS.events.subjects[0]),
};

function bind(durable: string, stream: string, filterSubject: string): ConsumerBinding {
  return { stream, durable, filterSubject };
}

/** The stream, durable name and filter subject of a service's consumer. */
export function consumerSpec(service: ServiceName): ConsumerBinding {
  if (!(SERVICES as readonly string[]).includes(service)) {
    throw new BusInvalidArgumentError("service", `${JSON.stringify(service)} is not a PoD service`);
  }
  const binding = BINDINGS[service];
  if (!binding) {
    throw new BusInvalidArgumentError("service", `${service} has no durable consumer`);
  }
  return { ...binding };
}

/** True when `service` has a durable consumer (every service but subscription). */
export function hasDurable(service: ServiceName): boolean {
  return BINDINGS[service] !== undefined;
}

/** Every service consumer, in a stable order. */
export function consumerSpecs(): ConsumerBinding[] {
  return Object.values(BINDINGS).map((b) => ({ ...b }));
}

export type DesiredStream = Pick<
  StreamConfig,
  | "name"
  | "subjects"
  | "retention"
  | "storage"
  | "max_age"
  | "duplicate_window"
  | "num_replicas"
  | "discard"
  | "max_bytes"
>;

/** The PoD streams as the server should hold them. */
export function desiredStreams(opts: TopologyOptions = {}): DesiredStream[] {
  const d = { ...TOPOLOGY_DEFAULTS, ...opts.durations };
  const replicas = opts.replicas ?? TOPOLOGY_DEFAULTS.replicas;
  const stream = (
    name: string,
    streamSubjects: readonly string[],
    retention: RetentionPolicy,
    maxAgeMs: number,
    maxBytes = -1,
  ): DesiredStream => ({
    name,
    subjects: [...streamSubjects],
    retention,
    storage: StorageType.File,
    max_age: nanos(maxAgeMs),
    // The server refuses a window longer than max_age.
    duplicate_window: nanos(
      maxAgeMs > 0 ? Math.min(d.duplicateWindowMs, maxAgeMs) : d.duplicateWindowMs,
    ),
    num_replicas: replicas,
    discard: DiscardPolicy.Old,
    max_bytes: maxBytes,
  });

  return [
    stream(
      STREAMS.requests.name,
      STREAMS.requests.subjects,
      RetentionPolicy.Limits,
      d.requestsMaxAgeMs,
    ),
    stream(
      STREAMS.pipeline.name,
      STREAMS.pipeline.subjects,
      RetentionPolicy.Workqueue,
      d.pipelineMaxAgeMs,
    ),
    stream(STREAMS.events.name, STREAMS.events.subjects, RetentionPolicy.Limits, d.eventsMaxAgeMs),
    stream(STREAMS.dlq.name, STREAMS.dlq.subjects, RetentionPolicy.Limits, d.dlqMaxAgeMs),
    stream(
      STREAMS.traces.name,
      STREAMS.traces.subjects,
      RetentionPolicy.Limits,
      d.tracesMaxAgeMs,
      d.tracesMaxBytes,
    ),
  ];
}

export type DesiredConsumer = Pick<
  ConsumerConfig,
  | "durable_name"
  | "ack_policy"
  | "deliver_policy"
  | "replay_policy"
  | "filter_subject"
  | "ack_wait"
  | "max_deliver"
  | "max_ack_pending"
> & { stream: string };

/**
 * The durable pull consumer of every service. The server's `max_deliver` is one above the
 * library's bound: when the last permitted attempt times out instead of failing, one more
 * delivery arrives and is dead-lettered rather than left unacked forever.
 */
export function desiredConsumers(opts: TopologyOptions = {}): DesiredConsumer[] {
  return (Object.keys(BINDINGS) as ServiceName[]).map((service) => {
    const b = BINDINGS[service]!;
    const t = { ...TOPOLOGY_DEFAULTS, ...SERVICE_CONSUMER_TUNING[service], ...opts.consumers };
    return desiredConsumer(b, t);
  });
}

function desiredConsumer(b: ConsumerBinding, t: Required<ConsumerTuning>): DesiredConsumer {
  return {
    stream: b.stream,
    durable_name: b.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
    filter_subject: b.filterSubject,
    ack_wait: nanos(t.ackWaitMs),
    max_deliver: t.maxDeliver + 1,
    max_ack_pending: t.maxAckPending,
  };
}

/** Fields the server cannot change on an existing object: a difference is a conflict. */
export const IMMUTABLE_STREAM_FIELDS = ["retention", "storage"] as const;
export const IMMUTABLE_CONSUMER_FIELDS = [
  "ack_policy",
  "deliver_policy",
  "replay_policy",
  // Editable from server 2.10 on; 2.9 refuses the change.
  "filter_subject",
] as const;
