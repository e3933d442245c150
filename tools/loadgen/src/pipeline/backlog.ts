import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { consumerSpec } from "@pod/bus";
import type { ServiceName } from "@pod/protocol";

/** The pipeline stages whose durable consumers hold the work in flight. */
export const PIPELINE_STAGES = ["ingest", "compression", "ipfs-storage", "tx-bundler"] as const;

/** Messages waiting at one stage: not yet delivered plus delivered and not yet acked. */
export interface BacklogSample {
  atMs: number;
  pending: number;
  ackPending: number;
}

export interface StageBacklog {
  stage: ServiceName;
  peak: number;
  /** Backlog at the last reading. */
  last: number;
  series: BacklogSample[];
}

/**
 * Reads each stage's durable consumer every second. The stage whose backlog grows while the
 * others stay near zero is the one that cannot keep up: the bottleneck, seen from the broker.
 */
export class BacklogSampler {
  private readonly series = new Map<ServiceName, BacklogSample[]>();
  private timer: NodeJS.Timeout | undefined;
  private jsm: JetStreamManager | undefined;
  private origin = 0;
  private reading = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly intervalMs = 1000,
  ) {}

  async start(): Promise<void> {
    this.jsm = await jetstreamManager(this.nc);
    this.origin = performance.now();
    this.timer = setInterval(() => void this.read(), this.intervalMs);
    this.timer.unref();
  }

  stop(): StageBacklog[] {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    return PIPELINE_STAGES.map((stage) => {
      const series = this.series.get(stage) ?? [];
      const totals = series.map((s) => s.pending + s.ackPending);
      return {
        stage,
        peak: totals.length === 0 ? 0 : Math.max(...totals),
        last: totals.at(-1) ?? 0,
        series,
      };
    });
  }

  /** The newest total backlog of each stage (for live display). */
  latest(): Map<ServiceName, number> {
    const out = new Map<ServiceName, number>();
    for (const [stage, series] of this.series) {
      const s = series.at(-1);
      if (s !== undefined) out.set(stage, s.pending + s.ackPending);
    }
    return out;
  }

  private async read(): Promise<void> {
    // A slow broker must not stack up readings.
    if (this.reading || this.jsm === undefined) return;
    this.reading = true;
    try {
      await Promise.all(
        PIPELINE_STAGES.map(async (stage) => {
          const spec = consumerSpec(stage);
          try {
            const info = await this.jsm!.consumers.info(spec.stream, spec.durable);
            const list = this.series.get(stage) ?? [];
            list.push({
              atMs: Math.round(performance.now() - this.origin),
              pending: info.num_pending,
              ackPending: info.num_ack_pending,
            });
            this.series.set(stage, list);
          } catch {
            // The consumer does not exist (yet): that stage is not running.
          }
        }),
      );
    } finally {
      this.reading = false;
    }
  }
}
