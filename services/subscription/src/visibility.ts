import type { SubscriptionFilter } from "@pod/protocol";
import type { Membership } from "./membership.js";
import type { MessageEvent } from "./prepare.js";

/**
 * Whether the message confirmed at stream sequence `seq` may go to `agent`: a direct message
 * only to its recipient (never the sender's copy), a channel post only to the channel's members
 * at that point of the stream. Nobody else sees anything.
 */
export function visibleTo(
  agent: string,
  event: MessageEvent,
  seq: number,
  membership: Membership,
): boolean {
  if (event.op === "send_direct") return event.record.recipient === agent;
  return membership.memberAt(event.record.channel, agent, seq);
}

/** Whether the message passes the subscriber's own narrowing (absent fields pass everything). */
export function passesFilter(filter: SubscriptionFilter | undefined, event: MessageEvent): boolean {
  if (!filter) return true;
  const kind = event.op === "send_direct" ? "direct" : "channel";
  if (filter.kinds && !filter.kinds.includes(kind)) return false;
  if (filter.senders && !filter.senders.includes(event.record.sender)) return false;
  if (kind === "channel" && filter.channels) {
    return filter.channels.includes(
      (event as Extract<MessageEvent, { op: "post_channel" }>).record.channel,
    );
  }
  return true;
}
