import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import {
  consume,
  PermanentError,
  TOPOLOGY_DEFAULTS,
  type Bus,
  type Consumer,
  type ConsumerEvent,
} from "@pod/bus";
import { parsePayload, STREAMS, subjects } from "@pod/protocol";
import type { AgentDirectory } from "./agent-directory.js";

/** ingest's second durable: confirmed registrations fill the agent directory. */
export const AGENTS_CONSUMER = {
  stream: STREAMS.events.name,
  durable: "ingest-agents",
  filterSubject: subjects.event("record", "confirmed"),
} as const;

/**
 * Creates the durable when it is missing. It reads the whole events stream from its start,
 * so a fresh deployment learns every registration the stream still holds.
 */
export async function ensureAgentsConsumer(bus: Bus): Promise<void> {
  try {
    await bus.jsm.consumers.info(AGENTS_CONSUMER.stream, AGENTS_CONSUMER.durable);
    return;
  } catch (error) {
    const missing =
      error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound;
    if (!missing) throw error;
  }
  await bus.jsm.consumers.add(AGENTS_CONSUMER.stream, {
    durable_name: AGENTS_CONSUMER.durable,
    filter_subject: AGENTS_CONSUMER.filterSubject,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(TOPOLOGY_DEFAULTS.ackWaitMs),
    max_deliver: TOPOLOGY_DEFAULTS.maxDeliver + 1,
    max_ack_pending: TOPOLOGY_DEFAULTS.maxAckPending,
  });
}

/**
 * Consumes confirmed events; each one that names `registered` agents puts them in the
 * directory. Events without registrations are acked and ignored. Several instances share
 * the durable, so each event is applied once (and applying it twice is harmless).
 */
export async function consumeConfirmedRegistrations(
  bus: Bus,
  directory: AgentDirectory,
  opts: { onLearned(agents: string[]): void; onEvent(event: ConsumerEvent): void },
): Promise<Consumer> {
  await ensureAgentsConsumer(bus);
  return consume(bus, {
    stream: AGENTS_CONSUMER.stream,
    durable: AGENTS_CONSUMER.durable,
    service: "ingest",
    deadLetterSubject: subjects.dlq("ingest"),
    concurrency: 16,
    onEvent: opts.onEvent,
    handler: async (delivery) => {
      let event;
      try {
        event = parsePayload("event.record.confirmed", delivery.json());
      } catch (cause) {
        throw new PermanentError(`confirmed event on ${delivery.subject} is invalid`, {
          code: "CONFIRMED_EVENT_INVALID",
          cause,
        });
      }
      const registered = event.registered ?? [];
      if (registered.length === 0) return;
      const entry = {
        requestKey: event.requestKey,
        signature: event.signature,
        slot: event.slot,
        at: event.at,
      };
      await Promise.all(registered.map((agent) => directory.learn(agent, entry)));
      opts.onLearned(registered);
    },
  });
}
