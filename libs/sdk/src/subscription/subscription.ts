import { EventEmitter } from "node:events";
import {
  parsePayload,
  type DeliveredMessage,
  type Keypair,
  type SubscriptionFilter,
} from "@pod/protocol";
import { SubscriptionError } from "./errors.js";
import { connectSse } from "./sse-transport.js";
import type { Connection, Transport } from "./transport.js";
import { connectWs } from "./ws-transport.js";

export interface SubscribeOptions {
  /** The subscription service's base URL, e.g. http://127.0.0.1:8085. */
  url: string;
  filter?: SubscriptionFilter;
  /** Deliver what came after this cursor (a previous subscription's `.cursor`). */
  cursor?: string;
  /** Default "ws". */
  transport?: "ws" | "sse";
  /** Aborting closes the subscription (the iteration ends). */
  signal?: AbortSignal;
  /** Deliveries held for the reader before the connection is paused. Default 1,000. */
  bufferSize?: number;
  /** First reconnect delay (ms), doubled per failed attempt, full jitter. Default 250. */
  initialDelayMs?: number;
  /** Cap on the reconnect delay (ms). Default 10,000. */
  maxDelayMs?: number;
  /** Connection attempts in a row before giving up (the iteration throws). Default unbounded. */
  maxAttempts?: number;
  /** A connection with no frame, ping or keepalive for this long is dropped. Default 75,000. */
  idleTimeoutMs?: number;
  /** Refuse challenges for any other audience (default: sign whatever the server names). */
  audience?: string;
}

export interface ConnectedEvent {
  /** The cursor the connection resumed after (undefined: from the live tail). */
  cursor: string | undefined;
  /** Connections made so far, this one included. */
  connections: number;
}

export interface DisconnectedEvent {
  error: SubscriptionError;
  /** False when the subscription ends here (closed, or a code that does not retry). */
  willRetry: boolean;
}

export interface SubscriptionEvents {
  connected: [ConnectedEvent];
  disconnected: [DisconnectedEvent];
  /** A connection attempt failed, or a delivery was invalid (and skipped). */
  error: [SubscriptionError];
  /** The subscription is over (closed, or failed for good). */
  close: [];
}

/** Resolved once before the first connection when no cursor was given (see PodClient). */
export type StartCursor = () => Promise<string | undefined>;

const DEFAULTS = {
  bufferSize: 1_000,
  initialDelayMs: 250,
  maxDelayMs: 10_000,
  idleTimeoutMs: 75_000,
};

/**
 * Messages pushed to one agent, as an async iterable. The connection is re-established after
 * a drop (capped exponential backoff with full jitter), resuming after the last received
 * cursor, so nothing is missed or repeated; AUTH_FAILED, CURSOR_INVALID and BAD_REQUEST end
 * it (the iteration throws the SubscriptionError). At most `bufferSize` deliveries wait for
 * the reader: beyond that the connection stops reading, and a server that then gives up on
 * the slow reader (SLOW_CONSUMER) is reconnected from the cursor.
 */
export class Subscription
  extends EventEmitter<SubscriptionEvents>
  implements AsyncIterable<DeliveredMessage>
{
  readonly #opts: SubscribeOptions & typeof DEFAULTS;
  readonly #keypair: Keypair;
  readonly #transport: Transport;
  readonly #queue: DeliveredMessage[] = [];
  #received: string | undefined;
  #cursor: string | undefined;
  #connection: Connection | undefined;
  #paused = false;
  #closed = false;
  #failure: SubscriptionError | undefined;
  #waiter: (() => void) | undefined;
  #connections = 0;
  /** Cuts a reconnect delay short when the subscription is closed. */
  readonly #stop = new AbortController();
  readonly #done: Promise<void>;

  constructor(keypair: Keypair, options: SubscribeOptions, startCursor?: StartCursor) {
    super();
    this.#keypair = keypair;
    this.#opts = { ...DEFAULTS, ...stripUndefined(options) } as SubscribeOptions & typeof DEFAULTS;
    this.#transport = options.transport === "sse" ? connectSse : connectWs;
    this.#received = options.cursor;
    this.#cursor = options.cursor;
    options.signal?.addEventListener("abort", () => this.close(), { once: true });
    if (options.signal?.aborted) this.#closed = true;
    this.#done = this.#run(startCursor)
      .catch((error: unknown) => {
        this.#fail(error instanceof SubscriptionError ? error : wrap(error));
      })
      .finally(() => this.emit("close"));
  }

  /** The cursor of the last message handed to the reader: resume a later subscription here. */
  get cursor(): string | undefined {
    return this.#cursor;
  }

  /** Deliveries received and not yet handed to the reader. */
  get buffered(): number {
    return this.#queue.length;
  }

  /** Closes the connection; the iteration ends after the messages already handed out. */
  async close(): Promise<void> {
    if (this.#closed) return this.#done;
    this.#closed = true;
    this.#stop.abort();
    this.#connection?.close();
    this.#wake();
    await this.#done;
  }

  [Symbol.asyncIterator](): AsyncIterator<DeliveredMessage> {
    return {
      next: () => this.#next(),
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }

  async #next(): Promise<IteratorResult<DeliveredMessage>> {
    for (;;) {
      const message = this.#queue.shift();
      if (message) {
        this.#cursor = message.cursor;
        if (this.#paused && this.#queue.length <= this.#opts.bufferSize / 2) {
          this.#paused = false;
          this.#connection?.resume();
        }
        return { done: false, value: message };
      }
      if (this.#failure) {
        const failure = this.#failure;
        this.#failure = undefined;
        this.#closed = true;
        throw failure;
      }
      if (this.#closed) return { done: true, value: undefined };
      await new Promise<void>((resolve) => (this.#waiter = resolve));
    }
  }

  async #run(startCursor: StartCursor | undefined): Promise<void> {
    if (this.#received === undefined && startCursor) {
      // Anchoring the start to the stream's position now makes the first reconnect gapless
      // even when nothing was delivered before the drop.
      this.#received = await startCursor().catch(() => undefined);
    }
    let quickEnds = 0;
    while (!this.#closed) {
      const connection = await this.#connect();
      if (!connection) return;
      const openedAt = Date.now();
      const error = await connection.ended;
      this.#connection = undefined;
      if (this.#closed) return;
      this.emit("disconnected", { error, willRetry: error.retryable });
      if (!error.retryable) throw error;
      // A connection that ends at once (refused after ready, a slow reader cut again) must not
      // turn into a tight loop: back off as after a failed attempt.
      quickEnds = Date.now() - openedAt < 2_000 ? quickEnds + 1 : 0;
      if (quickEnds > 0) await this.#sleep(this.#delay(quickEnds));
    }
  }

  /**
   * One connection, retried until it is accepted, the subscription is closed, or an attempt
   * fails for good: the n-th retry waits a random time up to min(maxDelay, initial * 2^n)
   * (capped exponential backoff with full jitter, so many agents dropped at once do not all
   * come back in the same instant).
   */
  async #connect(): Promise<Connection | undefined> {
    for (let attempt = 1; ; attempt++) {
      if (this.#closed) return undefined;
      let connection: Connection;
      try {
        connection = await this.#transport({
          url: this.#opts.url,
          keypair: this.#keypair,
          cursor: this.#received,
          filter: this.#opts.filter,
          audience: this.#opts.audience,
          idleTimeoutMs: this.#opts.idleTimeoutMs,
          onMessage: (m) => this.#take(m),
        });
      } catch (error) {
        const e = error instanceof SubscriptionError ? error : wrap(error);
        if (this.#closed) return undefined;
        if (this.listenerCount("error") > 0) this.emit("error", e);
        const attemptsLeft =
          this.#opts.maxAttempts === undefined || attempt < this.#opts.maxAttempts;
        if (!e.retryable || !attemptsLeft) throw e;
        await this.#sleep(this.#delay(attempt - 1));
        continue;
      }
      if (this.#closed) {
        connection.close();
        return undefined;
      }
      this.#connection = connection;
      if (this.#paused) connection.pause();
      this.#connections++;
      this.emit("connected", { cursor: this.#received, connections: this.#connections });
      return connection;
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#stop.signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#stop.signal.addEventListener("abort", done, { once: true });
    });
  }

  #take(value: unknown): void {
    let message: DeliveredMessage;
    try {
      message = parsePayload("delivery", value);
    } catch (cause) {
      const error = new SubscriptionError("INVALID_DELIVERY", (cause as Error).message, { cause });
      if (this.listenerCount("error") > 0) this.emit("error", error);
      return;
    }
    // Anything at or before the last cursor was already queued: a server repeat, dropped.
    if (this.#received !== undefined && BigInt(message.cursor) <= BigInt(this.#received)) return;
    this.#received = message.cursor;
    this.#queue.push(message);
    if (!this.#paused && this.#queue.length >= this.#opts.bufferSize) {
      this.#paused = true;
      this.#connection?.pause();
    }
    this.#wake();
  }

  #fail(error: SubscriptionError): void {
    if (!this.#closed) this.#failure = error;
    this.#closed = true;
    this.#stop.abort();
    this.#connection?.close();
    this.#wake();
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }

  #delay(attempt: number): number {
    const cap = Math.min(this.#opts.maxDelayMs, this.#opts.initialDelayMs * 2 ** attempt);
    return Math.random() * cap;
  }
}

function wrap(error: unknown): SubscriptionError {
  return new SubscriptionError("CONNECTION_FAILED", (error as Error)?.message ?? String(error), {
    cause: error,
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
