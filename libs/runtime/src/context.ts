import type { Bus, Consumer, Handler } from "@pod/bus";
import type { Meter, Tracer } from "@opentelemetry/api";
import type { ServiceName } from "@pod/protocol";
import type { Logger } from "pino";
import type { ConsumeTuning, HeldConsumer } from "./consumer-binding.js";
import type { HttpRouteHandler } from "./http-server.js";
import type { ReadinessCheck } from "./readiness.js";

/** What a service's `start` receives: everything it needs, already connected. */
export interface ServiceContext<Config> {
  name: ServiceName;
  config: Config;
  log: Logger;
  /** Connected to NATS; streams and consumers ensured. */
  bus: Bus;
  tracer: Tracer;
  meter: Meter;
  /** Binds this service's durable consumer and runs `handler` for each message. */
  consume(handler: Handler, tuning?: ConsumeTuning): Promise<Consumer>;
  /**
   * Binds the durable without pulling: its messages stay in the stream. `reason` is shown in
   * /readyz and the log.
   */
  holdConsumer(reason: string): Promise<HeldConsumer>;
  /**
   * Serves `handler` on the service's HTTP port for paths under `prefix` (e.g. "/ipfs/"),
   * beside /healthz, /readyz and /metrics. It closes with that port, last in a drain.
   */
  addHttpRoute(prefix: string, handler: HttpRouteHandler): void;
  /** Adds a /readyz check (a dependency of this service). */
  addReadinessCheck(name: string, check: ReadinessCheck): void;
  /** Runs `fn` while draining, after the consumer stopped and before NATS closes (LIFO). */
  onShutdown(fn: () => Promise<void> | void, name?: string): void;
}
