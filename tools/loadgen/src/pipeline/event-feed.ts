import { DeliverPolicy, jetstream, type ConsumerMessages } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { STREAMS, subjects } from "@pod/protocol";
import type { Tracker } from "./tracker.js";

/** A running subscription to the pipeline's events. */
export interface EventFeed {
  /** Events read so far. */
  readonly received: number;
  stop(): Promise<void>;
}

/**
 * Reads `pod.events.>` through an ordered consumer (server-side flow control, gaps detected
 * and repaired by the client) from `since` on, so events published between this call and the
 * consumer's creation are not missed, and hands each to the tracker.
 */
export async function followEvents(
  nc: NatsConnection,
  tracker: Tracker,
  since: Date,
): Promise<EventFeed> {
  const js = jetstream(nc);
  const consumer = await js.consumers.get(STREAMS.events.name, {
    filter_subjects: subjects.event("*", ">"),
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: since.toISOString(),
  });
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 2048 });
  let received = 0;
  const loop = (async () => {
    for await (const m of messages) {
      received++;
      let payload: unknown;
      try {
        payload = m.json();
      } catch {
        continue;
      }
      tracker.onEvent(m.subject, payload);
    }
  })();
  return {
    get received() {
      return received;
    },
    async stop() {
      await messages.close();
      await loop;
    },
  };
}
