import type { Bus } from "@pod/bus";
import type { ConsumerLag } from "@pod/dashboard";
import { SERVICES, STREAMS, subjects } from "@pod/protocol";
import type { Logger } from "@pod/runtime";

/** Dead letters now in POD_DLQ, by the service that parked them. */
export interface DeadLetterCount {
  total: number;
  byService: Record<string, number>;
}

export interface PollerOptions {
  intervalMs: number;
  log: Logger;
  clock?: () => number;
}

const DLQ_PREFIX = subjects.dlq("*").replace(/\*$/, "");

/**
 * Asks JetStream, every `intervalMs`, for every durable consumer's backlog (num_pending: not
 * yet delivered; num_ack_pending: delivered, not yet acked) on each PoD stream and for the
 * dead letters held in POD_DLQ. Gauges and the summary read the last answer; a failed poll
 * keeps the previous one and is logged.
 */
export class JetStreamPoller {
  lag: ConsumerLag[] = [];
  lagPolledAt: number | null = null;
  dlq: DeadLetterCount = { total: 0, byService: {} };
  dlqPolledAt: number | null = null;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #failing = false;
  readonly #clock: () => number;

  constructor(
    private readonly bus: Bus,
    private readonly options: PollerOptions,
  ) {
    this.#clock = options.clock ?? Date.now;
  }

  /** Polls once now, then every interval. */
  async start(): Promise<void> {
    await this.poll();
    this.#timer = setInterval(() => void this.poll(), this.options.intervalMs);
    this.#timer.unref();
  }

  /** One poll of consumers and dead letters; concurrent calls share it. */
  poll(): Promise<void> {
    this.#running ??= (async () => {
      try {
        await Promise.all([this.#pollLag(), this.#pollDlq()]);
        if (this.#failing)
          this.options.log.info({ event: "jetstream_poll_recovered" }, "polling again");
        this.#failing = false;
      } catch (error) {
        // Once per outage, not once per interval.
        if (!this.#failing) {
          this.options.log.warn(
            { event: "jetstream_poll_failed", err: error },
            "consumer info poll failed",
          );
        }
        this.#failing = true;
      } finally {
        this.#running = undefined;
      }
    })();
    return this.#running;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  async #pollLag(): Promise<void> {
    const lag: ConsumerLag[] = [];
    for (const stream of Object.values(STREAMS)) {
      for await (const info of this.bus.jsm.consumers.list(stream.name)) {
        const durable = info.config.durable_name;
        // Ephemeral consumers (agents' ordered feeds) come and go; only durables are services.
        if (!durable) continue;
        lag.push({
          stream: stream.name,
          durable,
          service: serviceOf(durable),
          pending: info.num_pending,
          ackPending: info.num_ack_pending,
          lag: info.num_pending + info.num_ack_pending,
        });
      }
    }
    lag.sort((a, b) => a.stream.localeCompare(b.stream) || a.durable.localeCompare(b.durable));
    this.lag = lag;
    this.lagPolledAt = this.#clock();
  }

  async #pollDlq(): Promise<void> {
    const info = await this.bus.jsm.streams.info(STREAMS.dlq.name, {
      subjects_filter: STREAMS.dlq.subjects[0],
    });
    const byService: Record<string, number> = Object.fromEntries(SERVICES.map((s) => [s, 0]));
    for (const [subject, n] of Object.entries(info.state.subjects ?? {})) {
      const service = subject.startsWith(DLQ_PREFIX) ? subject.slice(DLQ_PREFIX.length) : "other";
      const key = (SERVICES as readonly string[]).includes(service) ? service : "other";
      byService[key] = (byService[key] ?? 0) + n;
    }
    this.dlq = { total: info.state.messages, byService };
    this.dlqPolledAt = this.#clock();
  }
}

/** Durables are named after their service, or `<service>-<purpose>` for a service's others. */
function serviceOf(durable: string): string {
  return SERVICES.find((s) => durable === s || durable.startsWith(`${s}-`)) ?? "other";
}
