import { DeliverPolicy, type ConsumerMessages } from "@nats-io/jetstream";
import type { Bus } from "@pod/bus";
import { STREAMS, subjects } from "@pod/protocol";

export const CONFIRMED_SUBJECT = subjects.event("record", "confirmed");
export const EVENTS_STREAM = STREAMS.events.name;

/** Stream sequences of POD_EVENTS as the server holds them now. */
export async function streamBounds(bus: Bus): Promise<{ first: number; last: number }> {
  const info = await bus.jsm.streams.info(EVENTS_STREAM);
  return { first: info.state.first_seq, last: info.state.last_seq };
}

/**
 * The confirmed events of POD_EVENTS from sequence `from` (inclusive; 1 for everything),
 * through an ordered consumer of this process alone: unlike a shared durable, it gives this
 * instance every event, and nothing is acked. `pendingAtStart` is what was there to read.
 */
export async function readConfirmed(
  bus: Bus,
  from: number,
): Promise<{ messages: ConsumerMessages; pendingAtStart: number }> {
  const consumer = await bus.js.consumers.get(EVENTS_STREAM, {
    filter_subjects: CONFIRMED_SUBJECT,
    ...(from <= 1 ? { deliver_policy: DeliverPolicy.All } : { opt_start_seq: from }),
  });
  const info = await consumer.info(true);
  const messages = await consumer.consume({ max_messages: 512 });
  return { messages, pendingAtStart: info.num_pending };
}
