import { spawn, type ChildProcess } from "node:child_process";
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { FixtureStartError, NatsServerNotFoundError } from "./errors.js";
import type { NatsFixture, StartNatsOptions } from "./fixture.js";
import { freePort, readServerInfo } from "./net.js";
import { tmpDir } from "./tmp-dir.js";
import { waitFor } from "./wait-for.js";
import { terminate } from "./terminate.js";

const HOST = "127.0.0.1";
const FALLBACK_DIRS = ["/usr/sbin", "/usr/local/sbin", "/usr/local/bin", "/usr/bin"];
const PORT_ATTEMPTS = 3;
const OUTPUT_KEPT = 8_192;

// Children that outlive a crashed test process would keep ports and temp dirs forever.
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Finds `nats-server`: the executable NATS_SERVER_BIN names when it is set (and only that),
 * else on PATH, then in the system directories Debian and others use.
 */
export async function findNatsServer(): Promise<string> {
  const named = process.env.NATS_SERVER_BIN;
  const candidates = named
    ? [named]
    : [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), ...FALLBACK_DIRS].map((dir) =>
        join(dir, "nats-server"),
      );
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  throw new NatsServerNotFoundError(candidates);
}

/** Starts `nats-server` as a child process on a free port with a fresh temp store. */
export async function startLocalNats(opts: StartNatsOptions = {}): Promise<NatsFixture> {
  const binary = await findNatsServer();
  const store = await tmpDir("pod-nats-");
  const jetstream = opts.jetstream ?? true;
  const timeoutMs = opts.startTimeoutMs ?? 15_000;
  let child: ChildProcess | undefined;
  let port = 0;

  const launch = async () => {
    const args = ["-a", HOST, "-p", String(port)];
    if (jetstream) args.push("-js", "-sd", store.path);
    child = await spawnReady(binary, args, port, jetstream, timeoutMs);
  };

  // A port found free can be taken before the server binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (err) {
      if (attempt >= PORT_ATTEMPTS) {
        await store.remove();
        throw err;
      }
    }
  }

  const halt = async (signal: NodeJS.Signals) => {
    const current = child;
    child = undefined;
    if (current) await terminate(current, signal);
  };

  let stopped = false;
  return {
    backend: "local",
    url: `nats://${HOST}:${port}`,
    port,
    storeDir: jetstream ? store.path : undefined,
    connectionOptions: () => ({ servers: `nats://${HOST}:${port}` }),
    async stop() {
      if (stopped) return;
      stopped = true;
      await halt("SIGTERM");
      await store.remove();
    },
    async restart() {
      if (stopped) throw new FixtureStartError("local", "restart() after stop()");
      await halt("SIGTERM");
      await launch();
    },
    kill: () => halt("SIGKILL"),
  };
}

async function spawnReady(
  binary: string,
  args: string[],
  port: number,
  jetstream: boolean,
  timeoutMs: number,
): Promise<ChildProcess> {
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_KEPT);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited: string | undefined;
  child.once("exit", (code, signal) => {
    running.delete(child);
    exited = `exited with ${signal ?? code}`;
  });
  child.once("error", (err) => {
    exited = err.message;
  });

  try {
    const outcome = await waitFor(
      async () => {
        if (exited) return { exited };
        const info = await readServerInfo(HOST, port, 500);
        return (!jetstream || info.jetstream === true) && { exited: undefined };
      },
      { timeoutMs, intervalMs: 10, what: `nats-server on port ${port}` },
    );
    if (outcome.exited) throw new FixtureStartError("local", outcome.exited, output);
  } catch (err) {
    await terminate(child, "SIGKILL");
    if (err instanceof FixtureStartError) throw err;
    throw new FixtureStartError("local", (err as Error).message, output, { cause: err });
  }
  return child;
}
