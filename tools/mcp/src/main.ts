import { parseConfig } from "./config.js";
import { createLogger } from "./log.js";

/** `pod-mcp`: one agent's MCP server. Exit 1 when it cannot start, 0 after a clean stop. */
const config = parseConfig(process.argv.slice(2));
const log = createLogger(config.logLevel);
// Loaded after the flags are parsed: --help and usage errors need none of the SDK's weight.
const { startServer } = await import("./start.js");

let server: Awaited<ReturnType<typeof startServer>>;
try {
  server = await startServer(config, log);
} catch (error) {
  const e = error as { code?: string; message?: string };
  log.fatal({ code: e.code ?? "START_FAILED", reason: e.message }, "cannot start");
  process.exit(1);
}

let stopping = false;
async function stop(why: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ why }, "stopping");
  // Bounded: a broker that does not answer must not keep the process alive.
  const timer = setTimeout(() => process.exit(0), 5_000);
  timer.unref();
  await server.close().catch((error: unknown) => log.warn({ err: error }, "close failed"));
  log.info("stopped");
  process.exit(0);
}

process.once("SIGINT", () => void stop("SIGINT"));
process.once("SIGTERM", () => void stop("SIGTERM"));
void server.closed.then(() => stop("client closed"));
