import type { JsMsg } from "@nats-io/jetstream";
import type { Bus } from "@pod/bus";
import type { Logger } from "@pod/runtime";
import { LRUCache } from "lru-cache";
import type { Membership } from "./membership.js";
import {
  deliveredJson,
  inStateTree,
  isMessageEvent,
  parseConfirmed,
  PreparedMessage,
  type ConfirmedEntry,
} from "./prepare.js";
import type { ProofSource } from "./proofs.js";
import { readConfirmed } from "./stream-reader.js";

export interface EventFeedOptions {
  bus: Bus;
  membership: Membership;
  proofs: ProofSource;
  log: Logger;
  /** How long a compressed message may wait for its proof. */
  proofWaitMs: number;
  /** Message request keys remembered for GET /v1/proof. */
  messageIndexSize: number;
  /** Whether anyone connected could receive `entry` (a message nobody can see waits for no proof). */
  wanted(entry: ConfirmedEntry): boolean;
  /** Called for each confirmed event, in stream order, after membership took it in. */
  dispatch(entry: ConfirmedEntry): void;
}

/** Confirmed events read ahead of the one being dispatched, so that proof waits overlap. */
const LOOKAHEAD = 128;
const RESTART_DELAY_MS = 500;

/**
 * The live tail of this instance: every record.confirmed event of POD_EVENTS, from the first
 * one the stream holds, in order. Replaying the stream at start rebuilds channel membership;
 * `ready` resolves once what the stream held at start has been read.
 */
export class EventFeed {
  /** Stream sequence of the last confirmed event dispatched. */
  lastSeq = 0;
  readonly ready: Promise<void>;
  /** Message request key -> stream sequence of its confirmed event (for GET /v1/proof). */
  readonly messageIndex: LRUCache<string, number>;
  #caughtUp!: () => void;
  #stopped = false;
  #messages: { stop(): void } | undefined;
  #loop: Promise<void> | undefined;

  constructor(private readonly opts: EventFeedOptions) {
    this.ready = new Promise((resolve) => (this.#caughtUp = resolve));
    this.messageIndex = new LRUCache({ max: opts.messageIndexSize });
  }

  start(): void {
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#messages?.stop();
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      try {
        await this.#follow();
      } catch (error) {
        if (this.#stopped) return;
        this.opts.log.error(
          { event: "event_feed_failed", err: error, last_seq: this.lastSeq },
          "live tail failed; reopening after the last sequence",
        );
      }
      if (!this.#stopped) await new Promise((r) => setTimeout(r, RESTART_DELAY_MS));
    }
  }

  async #follow(): Promise<void> {
    const { messages, pendingAtStart } = await readConfirmed(this.opts.bus, this.lastSeq + 1);
    this.#messages = messages;
    if (pendingAtStart === 0) this.#caughtUp();
    const ahead: Promise<ConfirmedEntry | undefined>[] = [];
    let dispatching: Promise<void> = Promise.resolve();
    let room: (() => void) | undefined;

    for await (const msg of messages) {
      if (this.#stopped) break;
      ahead.push(this.#prepare(msg));
      const caughtUp = msg.info.pending === 0;
      const seq = msg.seq;
      dispatching = dispatching.then(async () => {
        try {
          const entry = await ahead.shift();
          if (entry) this.#take(entry);
          else this.lastSeq = seq;
        } catch (error) {
          // One event that cannot be dispatched must not stall the tail for everyone.
          this.lastSeq = seq;
          this.opts.log.error({ event: "dispatch_failed", seq, err: error }, "dispatch failed");
        }
        if (caughtUp) this.#caughtUp();
        room?.();
      });
      if (ahead.length >= LOOKAHEAD) {
        await new Promise<void>((resolve) => (room = resolve));
        room = undefined;
      }
    }
    await dispatching;
  }

  /** Parses the event and, for a message, builds what its subscribers receive. */
  async #prepare(msg: JsMsg): Promise<ConfirmedEntry | undefined> {
    const seq = msg.seq;
    let parsed;
    try {
      parsed = parseConfirmed(msg.data);
    } catch (error) {
      this.opts.log.warn(
        { event: "confirmed_event_invalid", seq, err: error },
        "record.confirmed event skipped: not a valid payload",
      );
      return undefined;
    }
    const entry: ConfirmedEntry = { seq, event: parsed.event, headers: msg.headers };
    const event = parsed.event;
    if (!isMessageEvent(event)) return entry;

    const compressed = inStateTree(event);
    const waitMs = this.opts.wanted(entry) ? this.opts.proofWaitMs : 0;
    const proof = compressed
      ? await this.opts.proofs.proofFor(event.commitment, waitMs)
      : undefined;
    const built = deliveredJson(seq, event, parsed.raw, proof);
    if (built.contentError) {
      this.opts.log.warn(
        {
          event: "content_undecodable",
          seq,
          request_key: event.requestKey,
          err: built.contentError,
        },
        "inline content does not decode; delivered without content",
      );
    }
    entry.message = new PreparedMessage(seq, event, built.json, msg.headers, proof !== undefined);
    return entry;
  }

  #take(entry: ConfirmedEntry): void {
    this.opts.membership.apply(entry.event, entry.seq);
    this.lastSeq = entry.seq;
    if (entry.message) {
      if (this.isRepeat(entry.event.requestKey, entry.seq)) return;
      this.messageIndex.set(entry.event.requestKey, entry.seq);
    }
    this.opts.dispatch(entry);
  }

  /**
   * Whether a message confirmed at `seq` was already confirmed at an earlier sequence: a
   * republish outside JetStream's dedup window (a bundler retry finding it already applied).
   * Only its first confirmation is delivered, live and on replay alike.
   */
  isRepeat(requestKey: string, seq: number): boolean {
    const first = this.messageIndex.get(requestKey);
    return first !== undefined && first < seq;
  }
}
