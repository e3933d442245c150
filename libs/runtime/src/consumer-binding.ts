import {
  consume,
  consumerSpec,
  type Bus,
  type Consumer,
  type ConsumeOptions,
  type ConsumerEvent,
  type Handler,
} from "@pod/bus";
import type { Meter } from "@opentelemetry/api";
import type { ServiceName } from "@pod/protocol";
import type { Logger } from "pino";
import type { CheckResult } from "./readiness.js";

/** Knobs a service may set on its consumer; the rest comes from the topology and config. */
export type ConsumeTuning = Pick<
  ConsumeOptions,
  "concurrency" | "maxDeliver" | "backoffMs" | "maxWorkingMs" | "watchdog"
>;

/** A durable bound without pulling: the stream keeps every record until a consumer pulls. */
export interface HeldConsumer {
  readonly bound: true;
  readonly pending: number;
  readonly reason: string;
}

/**
 * The one durable consumer of a service: bound by `consume` (pulling) or `hold` (only checked
 * to exist). Its state is the `consumer` readiness check.
 */
export class ConsumerBinding {
  readonly spec;
  #consumer: Consumer | undefined;
  #held: { reason: string } | undefined;
  readonly #record: (event: ConsumerEvent) => void;

  constructor(
    private readonly service: ServiceName,
    private readonly bus: Bus,
    private readonly log: Logger,
    meter: Meter,
  ) {
    this.spec = consumerSpec(service);
    this.#record = eventRecorder(log, meter);
  }

  get inFlight(): number {
    return this.#consumer?.inFlight ?? 0;
  }

  /** Binds the durable and starts running `handler` per message. */
  async consume(handler: Handler, concurrency: number, tuning: ConsumeTuning = {}) {
    if (this.#consumer || this.#held) throw new Error(`${this.service} consumer already bound`);
    this.#consumer = await consume(this.bus, {
      service: this.service,
      handler,
      concurrency,
      ...tuning,
      onEvent: this.#record,
    });
    this.log.info(
      { event: "consumer_bound", ...this.spec, concurrency: tuning.concurrency ?? concurrency },
      "consumer bound",
    );
    return this.#consumer;
  }

  /** Checks the durable exists and leaves its messages in the stream; `reason` says why. */
  async hold(reason: string): Promise<HeldConsumer> {
    if (this.#consumer || this.#held) throw new Error(`${this.service} consumer already bound`);
    const info = await this.bus.jsm.consumers.info(this.spec.stream, this.spec.durable);
    this.#held = { reason };
    this.log.info(
      { event: "consumer_held", ...this.spec, pending: info.num_pending, reason },
      "consumer bound, not pulling",
    );
    return { bound: true, pending: info.num_pending, reason };
  }

  /** Stops pulling; running handlers finish, buffered messages go back to the stream. */
  async stop(): Promise<void> {
    await this.#consumer?.stop();
  }

  async readiness(): Promise<CheckResult> {
    const where = { stream: this.spec.stream, durable: this.spec.durable };
    if (this.#held) {
      const info = await this.bus.jsm.consumers.info(this.spec.stream, this.spec.durable);
      return {
        ok: true,
        detail: { ...where, bound: true, pulling: false, pending: info.num_pending, ...this.#held },
      };
    }
    const bound = this.#consumer?.bound ?? false;
    return {
      ok: bound,
      detail: { ...where, bound, pulling: bound, in_flight: this.inFlight },
    };
  }
}

/** Consumer events become log lines (debug per message, warn for trouble) and counters. */
function eventRecorder(log: Logger, meter: Meter): (event: ConsumerEvent) => void {
  const outcomes = meter.createCounter("pod_consumer_messages", {
    description: "Messages settled by this service's consumer, by outcome",
  });
  const duration = meter.createHistogram("pod_handler_duration_seconds", {
    description: "Time from delivery to a durable outcome, for handled messages",
    unit: "s",
    // The SDK's default buckets are sized for milliseconds; these are seconds.
    advice: {
      explicitBucketBoundaries: [
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120,
      ],
    },
  });
  return (event) => {
    switch (event.type) {
      case "handled":
        outcomes.add(1, { outcome: "handled" });
        duration.record(event.durationMs / 1000);
        log.debug(messageFields(event), "message handled");
        return;
      case "retry_scheduled":
        outcomes.add(1, { outcome: "retried" });
        log.warn({ ...messageFields(event), code: event.code, err: event.error }, "retry");
        return;
      case "dead_lettered":
        outcomes.add(1, { outcome: "dead_lettered" });
        log.warn({ ...messageFields(event), code: event.code, reason: event.reason }, "parked");
        return;
      case "dead_letter_failed":
      case "ack_failed":
        log.warn({ ...messageFields(event), err: event.error }, event.type);
        return;
      case "consume_restarted":
        log.warn({ event: event.type, reason: event.reason }, "consume restarted");
        return;
      case "consume_error":
      case "watchdog_error":
        log.warn({ event: event.type, err: event.error }, event.type);
        return;
      case "notification":
        log.debug({ event: "consumer_notification", notification: event.notification.type });
        return;
      default:
        // Newer event kinds (a message handed back on stop, ...) are detail, not trouble.
        log.debug({ ...event, event: `consumer_${event.type}` });
    }
  };
}

function messageFields(event: Extract<ConsumerEvent, { deliveryCount: number }>) {
  return {
    event: `message_${event.type}`,
    subject: event.subject,
    msg_id: event.msgId,
    delivery: event.deliveryCount,
    trace_id: event.traceId,
    ...("durationMs" in event ? { ms: event.durationMs } : {}),
  };
}
