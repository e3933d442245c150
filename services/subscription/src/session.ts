import type { SubscriptionFilter } from "@pod/protocol";
import type { SubscriptionErrorCode } from "./errors.js";
import type { Membership } from "./membership.js";
import type { PreparedMessage } from "./prepare.js";
import { passesFilter, visibleTo } from "./visibility.js";

export type Transport = "ws" | "sse";

/** One connection's way out: WebSocket or SSE. */
export interface Sink {
  readonly transport: Transport;
  /** Writes one message without waiting. */
  write(message: PreparedMessage): void;
  /** Bytes written and not yet taken by the kernel (this process's memory for this client). */
  bufferedBytes(): number;
  /** Resolves once at most `bytes` are buffered (or the sink closed). */
  whenBelow(bytes: number): Promise<void>;
  /** Tells the client `code` and `reason`, then ends the connection. */
  fail(code: SubscriptionErrorCode, reason: string): void;
}

export interface SessionHooks {
  membership: Membership;
  maxBufferBytes: number;
  /** Runs `write` (the message going onto the connection) inside the delivery's span. */
  deliver(session: Session, message: PreparedMessage, write: () => void): void;
  cut(session: Session, code: SubscriptionErrorCode, reason: string): void;
}

/**
 * An authenticated subscriber. It receives the messages its agent may see, each once and in
 * stream order: `lastSeq` is the last sequence considered for it, so the live tail and a replay
 * from a cursor can hand over without a gap or a repeat.
 */
export class Session {
  /** False while a replay from a cursor runs: the live tail skips the session meanwhile. */
  live = false;
  closed = false;

  constructor(
    readonly id: number,
    readonly agent: string,
    readonly filter: SubscriptionFilter | undefined,
    readonly sink: Sink,
    public lastSeq: number,
    private readonly hooks: SessionHooks,
  ) {}

  get transport(): Transport {
    return this.sink.transport;
  }

  /**
   * Writes `message` when the agent may see it and wants it, then cuts the client with
   * SLOW_CONSUMER if its buffer went over the limit. Messages at or before `lastSeq` are skipped.
   */
  offer(message: PreparedMessage): void {
    if (this.closed || message.seq <= this.lastSeq) return;
    this.lastSeq = message.seq;
    if (!visibleTo(this.agent, message.event, message.seq, this.hooks.membership)) return;
    if (!passesFilter(this.filter, message.event)) return;
    this.hooks.deliver(this, message, () => this.sink.write(message));
    const buffered = this.sink.bufferedBytes();
    if (buffered > this.hooks.maxBufferBytes) {
      this.end(
        "SLOW_CONSUMER",
        `${buffered} bytes buffered, over the limit of ${this.hooks.maxBufferBytes}`,
      );
    }
  }

  /** Moves `lastSeq` past a sequence that carried nothing for anyone (keeps replays short). */
  skip(seq: number): void {
    if (seq > this.lastSeq) this.lastSeq = seq;
  }

  end(code: SubscriptionErrorCode, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.hooks.cut(this, code, reason);
    this.sink.fail(code, reason);
  }
}
