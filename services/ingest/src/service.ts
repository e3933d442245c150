import { connectBus } from "@pod/bus";
import type { ServiceDefinition } from "@pod/runtime";
import { AgentDirectory } from "./agent-directory.js";
import { AGENTS_CONSUMER, consumeConfirmedRegistrations } from "./agents-consumer.js";
import { CheckPool } from "./check-pool.js";
import { ingestConfigSchema, limitsOf } from "./config.js";
import { requestHandler } from "./handle-request.js";
import { openBuckets } from "./kv-buckets.js";
import { ingestMetrics } from "./metrics.js";
import { RateLimiter } from "./rate-limiter.js";
import { ReplayGuard } from "./replay-guard.js";

/**
 * ingest: validates agents' requests from pod.ingest.<op> and either accepts them into
 * pod.pipeline.accepted.<op> or refuses them with a reason; keeps its directory of known
 * agents from confirmed registrations.
 */
export const ingestService: ServiceDefinition<typeof ingestConfigSchema.shape> = {
  name: "ingest",
  httpPort: 8081,
  configSchema: ingestConfigSchema,
  async start(ctx) {
    const { config, log } = ctx;
    const metrics = ingestMetrics(ctx.meter);
    // The hot path's own connection: every request costs several JetStream round trips, and
    // nats.js captures a stack trace for each one unless told not to (a tenth of the CPU).
    // The runtime's connection keeps consuming and acking; drained after the consumers stop.
    const bus = await connectBus({
      servers: config.NATS_URL,
      name: `ingest-${config.INSTANCE_ID}`,
      log,
      nats: { noAsyncTraces: true },
    });
    ctx.onShutdown(() => bus.drain(), "hot-connection");
    ctx.addReadinessCheck("hot-connection", () => ({
      ok: !bus.nc.isClosed() && !bus.nc.isDraining(),
      detail: { server: bus.nc.getServer() },
    }));
    const buckets = await openBuckets(bus, {
      maxClockSkewMs: config.INGEST_MAX_CLOCK_SKEW_MS,
      ratePerSec: config.INGEST_RATE_PER_SEC,
      burst: config.INGEST_RATE_BURST,
      replicas: config.NATS_REPLICAS,
    });
    const directory = new AgentDirectory(buckets.agents, config.INGEST_AGENT_CACHE_SIZE);
    const rate = new RateLimiter(buckets.rate, {
      ratePerSec: config.INGEST_RATE_PER_SEC,
      burst: config.INGEST_RATE_BURST,
    });

    const agents = await consumeConfirmedRegistrations(bus, directory, {
      onLearned: (learned) => {
        metrics.agentsLearned(learned.length);
        log.info({ event: "agents_learned", agents: learned }, "agents registered");
      },
      onEvent: (event) => {
        if (event.type === "dead_lettered" || event.type === "retry_scheduled") {
          log.warn({ event: `agents_${event.type}`, code: event.code }, "confirmed event");
        }
      },
    });
    ctx.onShutdown(() => agents.stop(), "agents-consumer");
    ctx.addReadinessCheck("agents-consumer", () => ({
      ok: agents.bound,
      detail: { stream: AGENTS_CONSUMER.stream, durable: AGENTS_CONSUMER.durable },
    }));

    const checks = await CheckPool.start(limitsOf(config), config.INGEST_CHECK_WORKERS, log);
    // Registered before the consumer binds, so it runs after the consumer stopped.
    ctx.onShutdown(() => checks.stop(), "check-workers");

    await ctx.consume(
      requestHandler({
        bus,
        limits: limitsOf(config),
        checks,
        replay: new ReplayGuard(buckets.replay),
        directory,
        rate,
        metrics,
        log,
      }),
      { concurrency: config.INGEST_CONCURRENCY ?? config.CONSUMER_CONCURRENCY },
    );
    log.info(
      {
        event: "ingest_limits",
        ...limitsOf(config),
        ratePerSec: config.INGEST_RATE_PER_SEC,
        burst: config.INGEST_RATE_BURST,
        concurrency: config.INGEST_CONCURRENCY ?? config.CONSUMER_CONCURRENCY,
        checkWorkers: checks.workers,
      },
      "ingest checks requests",
    );
  },
};
