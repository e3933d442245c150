import type { MsgHdrs } from "@nats-io/transport-node";
import type { Bus } from "@pod/bus";
import type { Logger } from "@pod/runtime";
import type { EventFeed } from "./event-feed.js";
import {
  deliveredJson,
  inStateTree,
  isMessageEvent,
  parseConfirmed,
  PreparedMessage,
} from "./prepare.js";
import type { ProofSource } from "./proofs.js";
import type { Session } from "./session.js";
import { readConfirmed } from "./stream-reader.js";

export interface ReplayOptions {
  bus: Bus;
  feed: EventFeed;
  proofs: ProofSource;
  log: Logger;
  /** The replay pauses while the client holds more than this unsent. */
  pauseAboveBytes: number;
}

/**
 * Brings a session that resumes after `cursor` up to the live tail, from its own ordered
 * consumer, then hands it over. The hand-over happens between two events of the stream: once
 * the replay reaches the sequence the live tail last dispatched, the session goes live with
 * `lastSeq` there, so the next event comes from the tail; a replayed event the tail has not
 * dispatched yet is left to the tail. No event is skipped or sent twice.
 */
export async function replayThenGoLive(
  session: Session,
  cursor: number,
  opts: ReplayOptions,
): Promise<void> {
  const { feed } = opts;
  session.lastSeq = cursor;
  if (cursor >= feed.lastSeq) {
    session.live = true;
    return;
  }
  const { messages } = await readConfirmed(opts.bus, cursor + 1);
  try {
    for await (const msg of messages) {
      if (session.closed) return;
      if (msg.seq > feed.lastSeq) {
        session.skip(msg.seq - 1);
        session.live = true;
        return;
      }
      await offer(session, msg.seq, msg.data, msg.headers, opts);
      if (msg.seq >= feed.lastSeq) {
        session.live = true;
        return;
      }
      if (session.sink.bufferedBytes() > opts.pauseAboveBytes) {
        await session.sink.whenBelow(opts.pauseAboveBytes);
      }
    }
  } finally {
    messages.stop();
  }
}

async function offer(
  session: Session,
  seq: number,
  data: Uint8Array,
  headers: MsgHdrs | undefined,
  opts: ReplayOptions,
): Promise<void> {
  let parsed;
  try {
    parsed = parseConfirmed(data);
  } catch {
    // The live tail logged it when it read it.
    return session.skip(seq);
  }
  const { event } = parsed;
  if (!isMessageEvent(event) || opts.feed.isRepeat(event.requestKey, seq)) return session.skip(seq);
  const proof = inStateTree(event) ? await opts.proofs.proofFor(event.commitment, 0) : undefined;
  const { json } = deliveredJson(seq, event, parsed.raw, proof);
  session.offer(new PreparedMessage(seq, event, json, headers, proof !== undefined));
}
