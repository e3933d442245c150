import {
  JetStreamApiCodes,
  JetStreamApiError,
  type Consumer as JsConsumer,
  type ConsumerMessages,
  type JsMsg,
} from "@nats-io/jetstream";
import { millis } from "@nats-io/transport-node";
import type { Bus } from "./connect.js";
import {
  CONSUME_DEFAULTS,
  resolveConsumeOptions,
  type ConsumeOptions,
  type ResolvedConsumeOptions,
} from "./consume-options.js";
import { BusConsumerNotFoundError, BusInvalidArgumentError } from "./errors.js";
import { endPull, within } from "./end-pull.js";
import { processMessage, type ProcessSettings } from "./process-message.js";
import { Semaphore } from "./semaphore.js";
import { startWatchdog } from "./watchdog.js";

/** A running consumer of one durable. */
export interface Consumer {
  /**
   * Stops pulling, lets running handlers finish and settle, naks everything the server sent
   * that was not started, in transit included (so another instance takes it at once).
   * Idempotent.
   */
  stop(): Promise<void>;
  /** True once the durable was found and pulling started. */
  readonly bound: boolean;
  /** Handlers running now. */
  readonly inFlight: number;
  /** Resolves when the consumer has stopped. */
  readonly stopped: Promise<void>;
}

/** Notifications that are only chatter; everything else is reported to `onEvent`. */
const QUIET = new Set(["heartbeat", "next", "flow_control", "discard", "debug"]);
const MISSED_HEARTBEATS_BEFORE_RESTART = 2;

/**
 * Binds to a durable pull consumer and runs `handler` for each message with bounded
 * concurrency. Rejects with BusConsumerNotFoundError when the durable does not exist.
 */
export async function consume(bus: Bus, opts: ConsumeOptions): Promise<Consumer> {
  const o = resolveConsumeOptions(opts);
  const jsConsumer = await bindConsumer(bus, o);
  const info = await jsConsumer.info(true);
  const settings = settle(o, info.config.max_deliver, info.config.ack_wait);
  const runner = new ConsumeLoop(bus, jsConsumer, settings);
  runner.start();
  return runner.facade();
}

async function bindConsumer(bus: Bus, o: ResolvedConsumeOptions): Promise<JsConsumer> {
  try {
    return await bus.js.consumers.get(o.stream, o.durable);
  } catch (err) {
    const missing =
      err instanceof JetStreamApiError &&
      (err.code === JetStreamApiCodes.ConsumerNotFound ||
        err.code === JetStreamApiCodes.StreamNotFound);
    if (missing || /not found/i.test((err as Error).message)) {
      throw new BusConsumerNotFoundError(o.stream, o.durable, { cause: err });
    }
    throw err;
  }
}

function settle(
  o: ResolvedConsumeOptions,
  serverMaxDeliver: number | undefined,
  ackWaitNanos: number | undefined,
): ProcessSettings {
  const serverBound = serverMaxDeliver && serverMaxDeliver > 0 ? serverMaxDeliver : undefined;
  const maxDeliver =
    o.maxDeliver ??
    (serverBound && serverBound > 1 ? serverBound - 1 : CONSUME_DEFAULTS.maxDeliver);
  // At the server's bound the message would never be delivered again, nor dead-lettered.
  if (serverBound !== undefined && maxDeliver >= serverBound) {
    throw new BusInvalidArgumentError(
      "maxDeliver",
      `${maxDeliver} must be below the consumer's max_deliver (${serverBound})`,
    );
  }
  return { ...o, maxDeliver, ackWaitMs: ackWaitNanos ? millis(ackWaitNanos) : 30_000 };
}

class ConsumeLoop {
  readonly #slots: Semaphore;
  readonly #running = new Set<Promise<void>>();
  #messages: ConsumerMessages | undefined;
  readonly #unstarted: JsMsg[] = [];
  #stopping = false;
  #stopRequested!: () => void;
  readonly #stopSignal = new Promise<void>((resolve) => (this.#stopRequested = resolve));
  #loopDone: Promise<void> = Promise.resolve();
  #stopped: Promise<void> | undefined;
  #lastArrival = Date.now();
  #bound = false;
  #watchdog: { stop(): void } | undefined;

  constructor(
    readonly bus: Bus,
    readonly consumer: JsConsumer,
    readonly s: ProcessSettings,
  ) {
    this.#slots = new Semaphore(s.concurrency);
  }

  facade(): Consumer {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const loop = this;
    return {
      stop: () => loop.stop(),
      get bound() {
        return loop.#bound;
      },
      get inFlight() {
        return loop.#running.size;
      },
      get stopped() {
        return loop.#stopSignal.then(() => loop.stop());
      },
    };
  }

  start(): void {
    this.#bound = true;
    this.#loopDone = this.#pullForever();
    this.#watchdog = startWatchdog({
      consumer: this.consumer,
      intervalMs: this.s.watchdogIntervalMs,
      stallMs: this.s.stallMs,
      lastArrival: () => this.#lastArrival,
      saturated: () => this.#slots.free === 0,
      restart: (reason) => this.#restart(reason),
      onError: (error) => this.s.onEvent({ type: "watchdog_error", error }),
    });
    if (this.s.signal?.aborted) void this.stop();
    this.s.signal?.addEventListener("abort", () => void this.stop(), { once: true });
  }

  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      this.#stopping = true;
      this.#watchdog?.stop();
      this.#slots.close();
      this.#stopRequested();
      if (this.#messages) await endPull(this.#messages, this.s.ackTimeoutMs);
      await this.#loopDone;
      // Every message the server sent is in hand now, and no more pulls go out from here.
      await this.#releaseUnstarted();
      await Promise.allSettled([...this.#running]);
      // The last acks and releases have reached the server when stop() resolves.
      await within(this.bus.nc.flush(), this.s.ackTimeoutMs);
      this.#bound = false;
    })();
    return this.#stopped;
  }

  /**
   * Naks, without delay, what was received but not started. First the server is made to drop
   * the pull requests this instance left behind: nats-server 2.9 can take a nak'd message off
   * its redelivery queue for such a request, find nobody listening and lose track of it until
   * ack_wait. Reading the consumer's info sweeps requests without interest.
   */
  async #releaseUnstarted(): Promise<void> {
    const unstarted = this.#unstarted.splice(0);
    if (unstarted.length === 0) return;
    await this.consumer.info().catch(() => undefined);
    for (const msg of unstarted) {
      msg.nak();
      this.s.onEvent({ type: "released", subject: msg.subject, seq: msg.seq });
    }
  }

  /** Closes the current pull; the loop drains what it buffered and opens a fresh one. */
  #restart(reason: string): void {
    if (this.#stopping || !this.#messages) return;
    this.s.onEvent({ type: "consume_restarted", reason });
    void endPull(this.#messages, this.s.ackTimeoutMs);
  }

  async #pullForever(): Promise<void> {
    while (!this.#stopping) {
      // A closed connection never comes back: nothing left to pull from.
      if (this.bus.nc.isClosed()) break;
      try {
        this.#messages = await this.consumer.consume({
          max_messages: this.s.concurrency,
          expires: this.s.expiresMs,
        });
      } catch (error) {
        this.s.onEvent({ type: "consume_error", error });
        await this.#pause(CONSUME_DEFAULTS.restartDelayMs);
        continue;
      }
      // stop() came while the pull was being opened: end this one too, releasing what it gets.
      if (this.#stopping) void endPull(this.#messages, this.s.ackTimeoutMs);
      this.#lastArrival = Date.now();
      void this.#watchStatus(this.#messages);
      try {
        for await (const msg of this.#messages) await this.#dispatch(msg);
      } catch (error) {
        // fetch/next reject on missed heartbeats and similar; consume can too: start over.
        this.s.onEvent({ type: "consume_error", error });
        await this.#pause(CONSUME_DEFAULTS.restartDelayMs);
      }
    }
    if (!this.#stopping) this.#bound = false;
  }

  async #dispatch(msg: JsMsg): Promise<void> {
    this.#lastArrival = Date.now();
    if (this.#stopping || !(await this.#slots.acquire())) {
      // Received but never started: handed back once the pull is over (#releaseUnstarted).
      this.#unstarted.push(msg);
      return;
    }
    const task = processMessage(this.bus, msg, this.s)
      .catch((error) => this.s.onEvent({ type: "consume_error", error }))
      .finally(() => {
        this.#running.delete(task);
        this.#slots.release();
      });
    this.#running.add(task);
  }

  async #watchStatus(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const n of messages.status()) {
        if (QUIET.has(n.type)) continue;
        this.s.onEvent({ type: "notification", notification: n });
        // The client re-pulls by itself here, but stalls were seen anyway: start over.
        if (n.type === "heartbeats_missed" && n.count >= MISSED_HEARTBEATS_BEFORE_RESTART) {
          if (messages === this.#messages) this.#restart("heartbeats_missed");
        }
      }
    } catch (error) {
      this.s.onEvent({ type: "consume_error", error });
    }
  }

  #pause(ms: number): Promise<void> {
    return Promise.race([
      new Promise<void>((resolve) => setTimeout(resolve, ms).unref()),
      this.#stopSignal,
    ]);
  }
}
