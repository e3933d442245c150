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
const MISSED_HEARTBEATS_BEFORE_REOPEN = 2;
const FEED_EXPIRES_MS = 5_000;
const REOPEN_BASE_MS = 100;
const REOPEN_MAX_MS = 2_000;

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
  /** Stream sequence of the last event read: where a reopened feed resumes. */
  private lastSeq = 0;
  private readonly startedAt = Date.now();

  constructor(
    private readonly js: JetStreamClient,
    private readonly options: RecordEventsOptions,
  ) {}

  async start(): Promise<void> {
    await this.open({
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date(Date.now() - this.options.lookbackMs).toISOString(),
    });
  }

  /**
   * Opens the feed and pumps it until close(). An ordered consumer lives on one server: when
   * that node dies (a cluster losing a member) or stops sending heartbeats, the feed is opened
   * again after the last sequence it saw, so no outcome stored in the stream is missed.
   */
  private async open(from: {
    deliver_policy: DeliverPolicy;
    opt_start_time?: string;
    opt_start_seq?: number;
  }): Promise<void> {
    const consumer = await this.js.consumers.get(STREAMS.events.name, {
      filter_subjects: RECORD_SUBJECT,
      ...from,
    });
    // Short pulls: heartbeats come every FEED_EXPIRES_MS / 2, so a feed whose node died is
    // noticed (two missed) within seconds rather than the default half minute.
    const messages = await consumer.consume({ expires: FEED_EXPIRES_MS });
    this.messages = messages;
    void (async () => {
      for await (const s of messages.status()) {
        if (s.type === "heartbeats_missed" && s.count >= MISSED_HEARTBEATS_BEFORE_REOPEN) {
          await messages.close();
          return;
        }
      }
    })().catch(() => undefined);
    this.pump = (async () => {
      try {
        for await (const m of messages) {
          this.lastSeq = m.seq;
          this.take(m);
        }
      } catch {
        // Ends with an error when its server went away; reopened below unless closing.
      }
      await this.reopen();
    })();
  }

  private async reopen(): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      await new Promise((r) =>
        setTimeout(r, Math.min(REOPEN_MAX_MS, REOPEN_BASE_MS * 2 ** attempt)),
      );
      if (this.closed) return;
      try {
        await this.open(
          this.lastSeq > 0
            ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: this.lastSeq + 1 }
            : {
                deliver_policy: DeliverPolicy.StartTime,
                opt_start_time: new Date(this.startedAt - this.options.lookbackMs).toISOString(),
              },
        );
        return;
      } catch {
        // The stream has no leader yet (a cluster electing one): try again.
      }
    }
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
    await this.pump?.catch(() => undefined);
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
