import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { findNatsServer, freePort, NatsServerNotFoundError } from "@pod/testing";
import { spawnChild, type Child, type LineSink } from "./child.js";
import { NatsUnavailableError, StackStartError } from "./errors.js";
import { reachable, waitReachable } from "./net.js";

export interface NatsPlan {
  /** Reuse the server at this URL when one answers; start one there otherwise. */
  url?: string;
  dataDir: string;
  root: string;
  sink?: LineSink;
  timeoutMs: number;
}

export interface NatsHandle {
  /** As services take it in NATS_URL: one URL, or several comma-separated (a cluster). */
  url: string;
  /** The same, one entry per server (nats.js clients take a list, not a comma string). */
  servers: string[];
  /** The nats-server this stack started, or undefined when it reused one. */
  child?: Child;
  storeDir?: string;
}

/**
 * The broker of a stack: the one answering at `url`, else a `nats-server -js` started on that
 * address (a free local port when no url is given) with its store under the data dir.
 */
export async function ensureNats(plan: NatsPlan): Promise<NatsHandle> {
  const list = (plan.url ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter((u) => u.length > 0);
  if (list.length > 1) {
    // A cluster is used as given, never replaced by a single server started here.
    for (const u of list) {
      const { hostname, port } = new URL(u);
      if (await reachable(hostname, Number(port || 4222))) {
        return { url: list.join(","), servers: list };
      }
    }
    throw new NatsUnavailableError(list.join(","));
  }
  const wanted = list[0] ? new URL(list[0]) : undefined;
  const host = wanted?.hostname || "127.0.0.1";
  const port = wanted ? Number(wanted.port || 4222) : await freePort();
  const url = `nats://${host}:${port}`;
  if (wanted && (await reachable(host, port))) return { url: list[0]!, servers: [list[0]!] };

  const bin = await findNatsServer().catch((error: unknown) => {
    if (error instanceof NatsServerNotFoundError) throw new NatsUnavailableError(url);
    throw error;
  });
  const storeDir = join(plan.dataDir, "nats");
  mkdirSync(storeDir, { recursive: true });
  const child = spawnChild({
    name: "nats",
    command: bin,
    args: ["-a", host, "-p", String(port), "-js", "-sd", storeDir],
    cwd: plan.root,
    env: { ...process.env } as Record<string, string>,
    sink: plan.sink,
  });
  try {
    await waitReachable(host, port, "nats-server", plan.timeoutMs, child.running);
  } catch (error) {
    await child.stop("SIGKILL");
    throw new StackStartError("nats", (error as Error).message, child.lines.join("\n"), {
      cause: error,
    });
  }
  return { url, servers: [url], child, storeDir };
}
