import { connectBus, consumerSpec, ensureTopology, hasDurable, type Bus } from "@pod/bus";
import type { ServiceName } from "@pod/protocol";
import type { DestinationStream } from "pino";
import { z } from "zod";
import { loadConfig, serviceConfigSchema, type CommonConfig } from "./config.js";
import { ConsumerBinding } from "./consumer-binding.js";
import type { ServiceContext } from "./context.js";
import { NoDurableError, StartupError } from "./errors.js";
import { startHttpServer, type HttpServer } from "./http-server.js";
import { Lifecycle } from "./lifecycle.js";
import { createLogger, flushLogger, type Logger } from "./logger.js";
import { Readiness, type ReadinessCheck } from "./readiness.js";
import { runShutdown, type ShutdownOutcome, type ShutdownStep } from "./shutdown.js";
import { startTelemetry, type Telemetry } from "./telemetry.js";

export interface ServiceDefinition<Own extends z.ZodRawShape = Record<never, never>> {
  name: ServiceName;
  /** Port of /healthz, /readyz and /metrics when SERVICE_HTTP_PORT is unset. */
  httpPort: number;
  version?: string;
  /** The service's own variables, merged with the common ones. */
  configSchema?: z.ZodObject<Own>;
  /** Sets the service up (bind the consumer, add checks); the service runs once it returns. */
  start(ctx: ServiceContext<ServiceConfig<Own>>): Promise<void> | void;
}

export type ServiceConfig<Own extends z.ZodRawShape> = CommonConfig & z.infer<z.ZodObject<Own>>;

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  /** Log sink; stdout by default. */
  logDestination?: DestinationStream;
}

/** A started service: its context, state and HTTP address, and the way to stop it. */
export interface RunningService<Config> {
  ctx: ServiceContext<Config>;
  lifecycle: Lifecycle;
  http: HttpServer;
  log: Logger;
  /** Drains and stops within SHUTDOWN_GRACE_MS; idempotent. */
  stop(reason: string): Promise<ShutdownOutcome>;
}

/** Reserved at the end of the grace for closing HTTP and flushing logs after telemetry. */
const TELEMETRY_RESERVE_MS = 250;

/**
 * Loads config (throws ConfigError listing every problem), then starts telemetry, the HTTP
 * endpoints, the bus (topology ensured) and the service's own `start`. A failure after
 * config cleans up what was started and throws StartupError.
 */
export async function startService<Own extends z.ZodRawShape>(
  def: ServiceDefinition<Own>,
  options: StartOptions = {},
): Promise<RunningService<ServiceConfig<Own>>> {
  const schema = serviceConfigSchema(
    { service: def.name, httpPort: def.httpPort },
    def.configSchema ?? z.object({}),
  );
  const config = loadConfig(schema, options.env ?? process.env) as ServiceConfig<Own>;
  const log = createLogger({
    service: def.name,
    instanceId: config.INSTANCE_ID,
    level: config.LOG_LEVEL,
    destination: options.logDestination,
  });
  const lifecycle = new Lifecycle(log);
  const readiness = new Readiness();
  const hooks: { name: string; fn: () => Promise<void> | void }[] = [];
  let telemetry: Telemetry | undefined;
  let http: HttpServer | undefined;
  let bus: Bus | undefined;
  let binding: ConsumerBinding | undefined;
  let step = "telemetry";

  lifecycle.to("starting", { version: def.version ?? "0.0.0" });
  // Declared before anything connects, so /readyz names what start-up is still waiting for.
  const spec = hasDurable(def.name) ? consumerSpec(def.name) : undefined;
  let nats: ReadinessCheck = () => ({ ok: false, detail: { state: "connecting" } });
  readiness.add("nats", () => nats());
  if (spec) {
    readiness.add("consumer", () =>
      binding
        ? binding.readiness()
        : { ok: false, detail: { stream: spec.stream, durable: spec.durable, bound: false } },
    );
  }
  const steps = (): ShutdownStep[] => [
    { name: "consumer", run: () => binding?.stop() },
    ...hooks.toReversed().map((h) => ({ name: `hook:${h.name}`, run: h.fn })),
    { name: "nats", run: () => bus?.drain() },
    {
      name: "telemetry",
      run: async (remainingMs: number) => {
        const outcome = await telemetry?.shutdown(remainingMs - TELEMETRY_RESERVE_MS);
        if (outcome?.timedOut) {
          log.warn({ event: "telemetry_flush_abandoned" }, "telemetry not flushed in time");
        }
        if (outcome?.error) throw outcome.error;
      },
    },
    { name: "http", run: () => http?.close() },
  ];

  try {
    telemetry = startTelemetry({
      service: config.OTEL_SERVICE_NAME,
      instanceId: config.INSTANCE_ID,
      version: def.version,
      otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
      traceStore: config.POD_TRACE_STORE,
      natsServers: config.NATS_URL,
      log,
    });
    log.info(
      {
        event: "telemetry_started",
        traces_to: config.OTEL_EXPORTER_OTLP_ENDPOINT ?? null,
        trace_store: telemetry.storing,
      },
      telemetry.exporting || telemetry.storing ? "spans are exported" : "spans are not exported",
    );
    step = "http";
    http = await startHttpServer({
      host: config.HTTP_HOST,
      port: config.SERVICE_HTTP_PORT,
      service: def.name,
      lifecycle,
      readiness,
      metricsHandler: telemetry.metricsHandler,
      log,
    });
    step = "bus";
    // Async stack capture on every request costs ~5% CPU per message; traces carry the context.
    bus = await connectBus({
      servers: config.NATS_URL,
      name: def.name,
      log,
      nats: { noAsyncTraces: true },
    });
    nats = natsCheck(bus);
    step = "topology";
    const topology = await ensureTopology(bus.jsm, { replicas: config.NATS_REPLICAS });
    log.info({ event: "topology_ensured", ...summarize(topology) }, "topology ensured");
    if (spec) binding = new ConsumerBinding(def.name, bus, log, telemetry.meter);
  } catch (error) {
    throw await failStart(error);
  }

  const connectedBus = bus;
  const consumer = binding;
  const server = http;
  const ctx: ServiceContext<ServiceConfig<Own>> = {
    name: def.name,
    config,
    log,
    bus: connectedBus,
    tracer: telemetry.tracer,
    meter: telemetry.meter,
    consume: (handler, tuning) =>
      consumer
        ? consumer.consume(handler, config.CONSUMER_CONCURRENCY, tuning)
        : Promise.reject(new NoDurableError(def.name)),
    holdConsumer: (reason) =>
      consumer ? consumer.hold(reason) : Promise.reject(new NoDurableError(def.name)),
    addHttpRoute: (prefix, handler) => server.addRoute(prefix, handler),
    addReadinessCheck: (name, check) => readiness.add(name, check),
    onShutdown: (fn, name = `#${hooks.length + 1}`) => void hooks.push({ name, fn }),
  };

  try {
    step = "start";
    await def.start(ctx);
  } catch (error) {
    throw await failStart(error);
  }

  let stopping: Promise<ShutdownOutcome> | undefined;
  const stop = (reason: string) => {
    stopping ??= (async () => {
      if (lifecycle.can("draining")) lifecycle.to("draining", { reason });
      const outcome = await runShutdown(steps(), config.SHUTDOWN_GRACE_MS, log);
      if (outcome.unfinished.length > 0) {
        log.error(
          { event: "shutdown_grace_exceeded", ...outcome, in_flight: consumer?.inFlight ?? 0 },
          "shutdown grace exceeded",
        );
      }
      lifecycle.to("stopped", { clean: outcome.clean, elapsed_ms: outcome.elapsedMs });
      await flushLogger(log);
      return outcome;
    })();
    return stopping;
  };

  lifecycle.to("running", { http: http.url, ...consumer?.spec });
  return { ctx, lifecycle, http, log, stop };

  async function failStart(error: unknown): Promise<StartupError> {
    const failure = new StartupError(def.name, step, { cause: error });
    log.error({ event: "start_failed", step, err: error }, failure.message);
    await runShutdown(steps(), Math.min(config.SHUTDOWN_GRACE_MS, 5_000), log);
    lifecycle.to("stopped", { clean: false });
    await flushLogger(log);
    return failure;
  }
}

function natsCheck(bus: Bus): () => { ok: boolean; detail: unknown } {
  let connected = true;
  let server = bus.nc.getServer();
  bus.events.on("status", (status) => {
    if (status.type === "disconnect" || status.type === "close") connected = false;
    if (status.type === "reconnect") connected = true;
    if (status.server) server = status.server;
  });
  return () => {
    const ok = connected && !bus.nc.isClosed() && !bus.nc.isDraining();
    return { ok, detail: { server, state: bus.nc.isClosed() ? "closed" : ok ? "up" : "down" } };
  };
}

function summarize(report: Awaited<ReturnType<typeof ensureTopology>>) {
  const count = (entries: { action: string }[], action: string) =>
    entries.filter((e) => e.action === action).length;
  const all = [...report.streams, ...report.consumers];
  return {
    created: count(all, "created"),
    updated: count(all, "updated"),
    unchanged: count(all, "unchanged"),
  };
}
