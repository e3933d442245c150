import type { JetStreamClient, JsMsg } from "@nats-io/jetstream";
import { DeliverPolicy } from "@nats-io/jetstream";
import {
  recordConfirmedEvent,
  recordFailedEvent,
  STREAMS,
  subjects,
  type RecordConfirmedEvent,
  type RecordFailedEvent,
} from "@pod/protocol";
import { ClientClosedError, ConfirmTimeoutError } from "./errors.js";

/** The outcome of a request on chain, as the tx-bundler reports it. */
export type RecordOutcome =
  { kind: "confirmed"; event: RecordConfirmedEvent } | { kind: "failed"; event: RecordFailedEvent };

interface Waiter {
  resolve(outcome: RecordOutcome): void;
  reject(error: Error): void;
}

export interface RecordEventsOptions {
  /** Outcomes remembered after they arrived, for waits that start late (oldest dropped first). */
  maxRemembered: number;
  /** How far back the shared subscription starts, before the client connected. */
  lookbackMs: number;
}

const RECORD_SUBJECT = subjects.event("record", "*");

/**
 * One subscription per client to `pod.events.record.*`: a JetStream ordered consumer (gaps and
 * reconnects are repaired by the library) that starts a little before the client connected.
 * Every outcome that arrives is remembered (bounded), so a wait that starts after its event
 * still finds it; a wait for an older request scans the stream from `since` once.
 */
export class RecordEvents {
  private readonly remembered = new Map<string, RecordOutcome>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private messages: (AsyncIterable<JsMsg> & { close(): Promise<void | Error> }) | undefined;
  private closed = false;
  private pump: Promise<void> | undefined;

  constructor(
    private readonly js: JetStreamClient,
    private readonly options: RecordEventsOptions,
  ) {}

  async start(): Promise<void> {
    const consumer = await this.js.consumers.get(STREAMS.events.name, {
      filter_subjects: RECORD_SUBJECT,
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date(Date.now() - this.options.lookbackMs).toISOString(),
    });
    const messages = await consumer.consume();
    this.messages = messages;
    this.pump = (async () => {
      for await (const m of messages) this.take(m);
    })().catch(() => {
      // The iterator ends with an error only when the connection closes; close() reports it.
    });
  }

  /** Resolves with the request's outcome, from memory, from the live feed, or from a scan. */
  wait(requestKey: string, timeoutMs: number, since?: number): Promise<RecordOutcome> {
    if (this.closed) return Promise.reject(new ClientClosedError());
    const known = this.remembered.get(requestKey);
    if (known) return Promise.resolve(known);
    return new Promise<RecordOutcome>((resolve, reject) => {
      const set = this.waiters.get(requestKey) ?? new Set<Waiter>();
      this.waiters.set(requestKey, set);
      const timer = setTimeout(() => {
        set.delete(waiter);
        if (set.size === 0) this.waiters.delete(requestKey);
        reject(new ConfirmTimeoutError(requestKey, timeoutMs));
      }, timeoutMs);
      const waiter: Waiter = {
        resolve: (o) => (clearTimeout(timer), resolve(o)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      set.add(waiter);
      if (since !== undefined) void this.scan(requestKey, since).catch(() => undefined);
    });
  }

  /** Looks for the request's outcome among the events stored since `since` (ms). */
  private async scan(requestKey: string, since: number): Promise<void> {
    const consumer = await this.js.consumers.get(STREAMS.events.name, {
      filter_subjects: RECORD_SUBJECT,
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date(since).toISOString(),
    });
    try {
      for (;;) {
        if (!this.waiters.has(requestKey)) return;
        const batch = await consumer.fetch({ max_messages: 256, expires: 1_000 });
        let seen = 0;
        for await (const m of batch) {
          seen++;
          const outcome = parse(m);
          if (outcome?.event.requestKey === requestKey) return this.settle(outcome);
          if (m.info.pending === 0) return;
        }
        if (seen === 0) return;
      }
    } finally {
      await consumer.delete().catch(() => undefined);
    }
  }

  private take(m: JsMsg): void {
    const outcome = parse(m);
    if (outcome) this.settle(outcome);
  }

  private settle(outcome: RecordOutcome): void {
    const key = outcome.event.requestKey;
    // A confirmation is final; a failure is kept unless a confirmation is already known.
    if (this.remembered.get(key)?.kind !== "confirmed") {
      this.remembered.delete(key);
      this.remembered.set(key, outcome);
    }
    while (this.remembered.size > this.options.maxRemembered) {
      this.remembered.delete(this.remembered.keys().next().value!);
    }
    const set = this.waiters.get(key);
    if (!set) return;
    this.waiters.delete(key);
    for (const w of set) w.resolve(outcome);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const set of this.waiters.values()) for (const w of set) w.reject(new ClientClosedError());
    this.waiters.clear();
    await this.messages?.close();
    await this.pump;
  }
}

function parse(m: JsMsg): RecordOutcome | undefined {
  let value: unknown;
  try {
    value = m.json();
  } catch {
    return undefined;
  }
  if (m.subject === subjects.event("record", "confirmed")) {
    const parsed = recordConfirmedEvent.safeParse(value);
    return parsed.success ? { kind: "confirmed", event: parsed.data } : undefined;
  }
  if (m.subject === subjects.event("record", "failed")) {
    const parsed = recordFailedEvent.safeParse(value);
    return parsed.success ? { kind: "failed", event: parsed.data } : undefined;
  }
  return undefined;
}
