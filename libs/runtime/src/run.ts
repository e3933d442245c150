import { hostname } from "node:os";
import type { z } from "zod";
import { ConfigError, EXIT_CONFIG, EXIT_FAILURE, StartupError } from "./errors.js";
import { createLogger, flushLogger, type Logger } from "./logger.js";
import { startService, type RunningService, type ServiceDefinition } from "./service.js";

/** Past the grace, stop waiting even for the shutdown's own bookkeeping. */
const BACKSTOP_EXTRA_MS = 2_000;

/**
 * Runs a service as its process: starts it, stops it on SIGTERM/SIGINT within
 * SHUTDOWN_GRACE_MS and exits 0 when the drain was clean, 1 otherwise. A configuration error
 * is printed as one JSON line listing every problem and exits 78; any other start failure 1.
 */
export async function runService<Own extends z.ZodRawShape>(
  def: ServiceDefinition<Own>,
): Promise<void> {
  let service: RunningService<unknown> | undefined;
  let stopReason: string | undefined;

  const stop = (reason: string, exitCode?: number) => {
    if (stopReason !== undefined) {
      // Ctrl-C reaches every process of the group while a supervisor may also send SIGTERM:
      // only the same request made twice means "stop now".
      if (!service) return;
      if (reason !== stopReason) {
        service.log.info({ event: "stop_already_requested", reason }, "already draining");
        return;
      }
      service.log.warn({ event: "forced_exit", reason }, "second stop request");
      void flushLogger(service.log).finally(() => process.exit(EXIT_FAILURE));
      return;
    }
    stopReason = reason;
    if (!service) return; // still starting: stopped as soon as start returns
    const running = service;
    const grace = readGrace(running);
    setTimeout(() => process.exit(EXIT_FAILURE), grace + BACKSTOP_EXTRA_MS).unref();
    void running.stop(reason).then((outcome) => {
      process.exit(exitCode ?? (outcome.clean ? 0 : EXIT_FAILURE));
    });
  };

  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("uncaughtException", (error) => crash("uncaught_exception", error));
  process.on("unhandledRejection", (error) => crash("unhandled_rejection", error));

  function crash(kind: string, error: unknown) {
    const log = service?.log ?? bootstrapLogger(def.name);
    log.fatal({ event: kind, err: error }, kind);
    if (service) stop(kind, EXIT_FAILURE);
    else void flushLogger(log).finally(() => process.exit(EXIT_FAILURE));
  }

  try {
    service = (await startService(def)) as RunningService<unknown>;
  } catch (error) {
    process.exit(await reportStartFailure(def.name, error));
  }
  if (stopReason !== undefined) {
    const reason = stopReason;
    stopReason = undefined;
    stop(reason);
  }
}

function readGrace(service: RunningService<unknown>): number {
  return (service.ctx.config as { SHUTDOWN_GRACE_MS: number }).SHUTDOWN_GRACE_MS;
}

async function reportStartFailure(name: string, error: unknown): Promise<number> {
  if (error instanceof StartupError) return EXIT_FAILURE; // logged by the service's logger
  const log = bootstrapLogger(name);
  if (error instanceof ConfigError) {
    log.error(
      { event: "config_invalid", code: error.code, problems: error.problems },
      error.message,
    );
    await flushLogger(log);
    return EXIT_CONFIG;
  }
  log.fatal({ event: "start_failed", err: error }, "start failed");
  await flushLogger(log);
  return EXIT_FAILURE;
}

/** Before config is loaded there is no level or instance id: log at info with defaults. */
function bootstrapLogger(service: string): Logger {
  return createLogger({ service, instanceId: `${hostname()}-${process.pid}`, level: "info" });
}
