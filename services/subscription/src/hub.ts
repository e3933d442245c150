import type { SubscriptionFilter } from "@pod/protocol";
import type { Logger } from "@pod/runtime";
import type { DeliveryRecorder } from "./delivered.js";
import { SubscriptionError, type SubscriptionErrorCode } from "./errors.js";
import type { Membership } from "./membership.js";
import type { SubscriptionMetrics } from "./metrics.js";
import type { ConfirmedEntry } from "./prepare.js";
import { replayThenGoLive, type ReplayOptions } from "./replay.js";
import { Session, type Sink, type Transport } from "./session.js";

export interface HubOptions {
  maxConnections: number;
  maxBufferBytes: number;
  membership: Membership;
  recorder: DeliveryRecorder;
  metrics: SubscriptionMetrics;
  log: Logger;
  replay: Omit<ReplayOptions, "pauseAboveBytes">;
}

/**
 * Every connection of this instance: the cap on their number, the sessions by agent, and the
 * dispatch of each confirmed event of the live tail to the sessions that may see it.
 */
export class Hub {
  readonly #byAgent = new Map<string, Set<Session>>();
  #connections = 0;
  #replaying = 0;
  #nextId = 1;
  #draining = false;

  constructor(private readonly opts: HubOptions) {}

  get connections(): number {
    return this.#connections;
  }

  get replaying(): number {
    return this.#replaying;
  }

  get draining(): boolean {
    return this.#draining;
  }

  /**
   * Takes a connection slot before anything else is spent on the connection (authentication
   * included). Throws TOO_MANY_CONNECTIONS at the cap, SERVER_DRAINING once draining; the
   * returned function gives the slot back, once.
   */
  admit(transport: Transport): () => void {
    if (this.#draining) {
      this.opts.metrics.refused(transport, "SERVER_DRAINING");
      throw new SubscriptionError("SERVER_DRAINING", "the server is shutting down");
    }
    if (this.#connections >= this.opts.maxConnections) {
      this.opts.metrics.refused(transport, "TOO_MANY_CONNECTIONS");
      throw new SubscriptionError(
        "TOO_MANY_CONNECTIONS",
        `this instance serves at most ${this.opts.maxConnections} connections`,
      );
    }
    this.#connections++;
    this.opts.metrics.connected(transport, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#connections--;
      this.opts.metrics.connected(transport, -1);
    };
  }

  /**
   * Registers an authenticated subscriber. With `cursor` it first replays what came after it,
   * then joins the live tail; without, it starts at the tail.
   */
  attach(agent: string, filter: SubscriptionFilter | undefined, sink: Sink): Session {
    const session = new Session(this.#nextId++, agent, filter, sink, 0, {
      membership: this.opts.membership,
      maxBufferBytes: this.opts.maxBufferBytes,
      deliver: (s, message, write) => this.opts.recorder.deliver(s, message, write),
      cut: (s, code, reason) => this.#cut(s, code, reason),
    });
    let sessions = this.#byAgent.get(agent);
    if (!sessions) this.#byAgent.set(agent, (sessions = new Set()));
    sessions.add(session);
    return session;
  }

  /** Starts delivery: a replay from `cursor` first when given, else from the live tail. */
  async start(session: Session, cursor: number | undefined): Promise<void> {
    const feed = this.opts.replay.feed;
    if (cursor === undefined) {
      session.lastSeq = feed.lastSeq;
      session.live = true;
      return;
    }
    this.#replaying++;
    try {
      await replayThenGoLive(session, cursor, {
        ...this.opts.replay,
        pauseAboveBytes: Math.floor(this.opts.maxBufferBytes / 2),
      });
    } finally {
      this.#replaying--;
    }
  }

  /** Forgets a session whose connection ended. */
  detach(session: Session): void {
    session.closed = true;
    const sessions = this.#byAgent.get(session.agent);
    sessions?.delete(session);
    if (sessions?.size === 0) this.#byAgent.delete(session.agent);
  }

  /** Whether any connected agent could see `entry` (so that a proof is worth waiting for). */
  wanted(entry: ConfirmedEntry): boolean {
    const { event } = entry;
    if (event.op === "send_direct") return this.#byAgent.has(event.record.recipient);
    if (event.op !== "post_channel") return false;
    for (const member of this.opts.membership.membersOf(event.record.channel)) {
      if (this.#byAgent.has(member)) return true;
    }
    return false;
  }

  /** One confirmed event from the live tail, to the live sessions that may see it. */
  dispatch(entry: ConfirmedEntry): void {
    const message = entry.message;
    if (!message) return;
    const { event } = message;
    if (event.op === "send_direct") {
      this.#offerTo(this.#byAgent.get(event.record.recipient), message);
      return;
    }
    const members = this.opts.membership.membersOf(event.record.channel);
    // Walk the smaller side: a huge channel with few agents connected, or the reverse.
    if (members.size <= this.#byAgent.size) {
      for (const member of members) this.#offerTo(this.#byAgent.get(member), message);
    } else {
      for (const [agent, sessions] of this.#byAgent) {
        if (members.has(agent)) this.#offerTo(sessions, message);
      }
    }
  }

  /** Bytes held for all connections together. */
  bufferedBytes(): number {
    let total = 0;
    for (const sessions of this.#byAgent.values()) {
      for (const s of sessions) total += s.sink.bufferedBytes();
    }
    return total;
  }

  /** Refuses new connections and ends every session with SERVER_DRAINING. */
  drain(): number {
    this.#draining = true;
    let ended = 0;
    for (const sessions of [...this.#byAgent.values()]) {
      for (const s of [...sessions]) {
        s.end("SERVER_DRAINING", "the server is shutting down; reconnect with your cursor");
        ended++;
      }
    }
    return ended;
  }

  #offerTo(sessions: Set<Session> | undefined, message: NonNullable<ConfirmedEntry["message"]>) {
    if (!sessions) return;
    for (const s of sessions) if (s.live) s.offer(message);
  }

  #cut(session: Session, code: SubscriptionErrorCode, reason: string): void {
    this.detach(session);
    this.opts.metrics.cut(session.transport, code);
    const level = code === "SERVER_DRAINING" ? "debug" : "info";
    this.opts.log[level](
      {
        event: code === "SLOW_CONSUMER" ? "slow_consumer_cut" : "subscriber_cut",
        code,
        reason,
        agent: session.agent,
        transport: session.transport,
        session: session.id,
        last_seq: session.lastSeq,
      },
      `subscriber cut: ${code}`,
    );
  }
}
