import { execFile, spawn, type ChildProcess } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { FixtureStartError } from "./errors.js";
import { findNatsServer } from "./local-nats.js";
import { freePort } from "./net.js";
import { tmpDir } from "./tmp-dir.js";
import { waitFor } from "./wait-for.js";
import { terminate } from "./terminate.js";

const HOST = "127.0.0.1";
const OUTPUT_KEPT = 16_384;
/** Settings nats-server learned in 2.10; older servers refuse the whole file over them. */
const SINCE_2_10 = ["sync_interval"];

// Nodes that outlive a crashed test process would keep ports and stores forever.
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export interface NatsClusterOptions {
  /** The node config template (infra/nats/cluster.conf): every per-node value is $NATS_*. */
  configPath: string;
  /** Nodes; default 3. */
  size?: number;
  /** Milliseconds for all nodes to report healthy (JetStream meta leader known). Default 30 s. */
  startTimeoutMs?: number;
}

/** One nats-server of the cluster: fixed ports and store, so a restart is the same peer. */
export interface NatsClusterNode {
  name: string;
  url: string;
  port: number;
  httpPort: number;
  clusterPort: number;
  storeDir: string;
  /** pid of the running process, undefined while the node is down. */
  pid(): number | undefined;
  running(): boolean;
  /** Stops the process with `signal` (SIGKILL by default) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /**
   * Starts the node again with the same ports and store; resolves once it serves its
   * monitoring port (a restarted node reports healthy only after it caught up: waitHealthy).
   */
  start(): Promise<void>;
  /** The node's last /healthz answer: status and body (status 0 when it did not answer). */
  health(): Promise<{ status: number; body: string }>;
  /** The last lines the process wrote. */
  output(): string;
}

export interface NatsCluster {
  nodes: NatsClusterNode[];
  /** Every node's client URL. */
  urls: string[];
  /** The client URLs comma-separated, as NATS_URL takes them. */
  url: string;
  /** The rendered config file every node runs. */
  configFile: string;
  /** Template settings removed because the local server predates them (e.g. sync_interval). */
  droppedSettings: string[];
  /** The node by server name. */
  node(name: string): NatsClusterNode;
  /** Resolves once every running node answers 200 on /healthz. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** Stops every node and removes the stores; idempotent. */
  stop(): Promise<void>;
}

/** The server's version as [major, minor, patch], from `nats-server --version`. */
export async function natsServerVersion(binary: string): Promise<[number, number, number]> {
  const { stdout } = await promisify(execFile)(binary, ["--version"]);
  const m = /v(\d+)\.(\d+)\.(\d+)/.exec(stdout);
  if (!m) throw new FixtureStartError("cluster", `unrecognized version output: ${stdout}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * Starts a JetStream cluster of local nats-server processes from a config template: each
 * node gets free ports, its own temp store and the routes of all nodes through the
 * environment the template reads. Resolves once every node is healthy.
 */
export async function startNatsCluster(opts: NatsClusterOptions): Promise<NatsCluster> {
  const size = opts.size ?? 3;
  const binary = await findNatsServer();
  const root = await tmpDir("pod-nats-cluster-");
  const [major, minor] = await natsServerVersion(binary);
  const { text, dropped } = renderTemplate(
    await readFile(opts.configPath, "utf8"),
    major > 2 || minor >= 10,
  );
  const configFile = join(root.path, "cluster.conf");
  await writeFile(configFile, text);

  const ports = await distinctPorts(size * 3);
  const plans = Array.from({ length: size }, (_, i) => ({
    name: `n${i + 1}`,
    port: ports[i * 3]!,
    httpPort: ports[i * 3 + 1]!,
    clusterPort: ports[i * 3 + 2]!,
    storeDir: join(root.path, `n${i + 1}`),
  }));
  const routes = Object.fromEntries(
    plans.map((p, i) => [`NATS_ROUTE_${i + 1}`, `nats-route://${HOST}:${p.clusterPort}`]),
  );
  const nodes = plans.map((plan) =>
    clusterNode(binary, configFile, plan, {
      NATS_SERVER_NAME: plan.name,
      NATS_LISTEN: `${HOST}:${plan.port}`,
      NATS_HTTP_LISTEN: `${HOST}:${plan.httpPort}`,
      NATS_CLUSTER_LISTEN: `${HOST}:${plan.clusterPort}`,
      NATS_STORE_DIR: plan.storeDir,
      ...routes,
    }),
  );

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(nodes.map((n) => n.kill("SIGTERM")));
    await root.remove();
  };
  const waitHealthy = async (timeoutMs = opts.startTimeoutMs ?? 30_000) => {
    let last: string[] = [];
    try {
      await waitFor(
        async () => {
          const up = nodes.filter((n) => n.running());
          const answers = await Promise.all(up.map((n) => n.health()));
          last = answers.map((a, i) => `${up[i]!.name}: ${a.status} ${a.body}`);
          return up.length > 0 && answers.every((a) => a.status === 200);
        },
        { timeoutMs, intervalMs: 100, what: "every cluster node's /healthz" },
      );
    } catch (err) {
      throw new FixtureStartError("cluster", `not healthy: ${last.join("; ")}`, "", { cause: err });
    }
  };

  try {
    // All at once: a node alone cannot elect a JetStream meta leader.
    await Promise.all(nodes.map((n) => n.launch()));
    await waitHealthy();
  } catch (err) {
    const output = nodes.map((n) => `--- ${n.name}\n${n.output()}`).join("\n");
    await stop();
    if (err instanceof FixtureStartError) throw err;
    throw new FixtureStartError("cluster", (err as Error).message, output, { cause: err });
  }

  const urls = nodes.map((n) => n.url);
  return {
    nodes,
    urls,
    url: urls.join(","),
    configFile,
    droppedSettings: dropped,
    node(name) {
      const found = nodes.find((n) => n.name === name);
      if (!found) throw new FixtureStartError("cluster", `no node named ${name}`);
      return found;
    },
    waitHealthy,
    stop,
  };
}

/** The template as this server accepts it: settings newer than the server are removed. */
function renderTemplate(template: string, at210: boolean): { text: string; dropped: string[] } {
  if (at210) return { text: template, dropped: [] };
  const dropped: string[] = [];
  const lines = template.split("\n").filter((line) => {
    const key = /^\s*([a-z_]+)\s*[:=]/.exec(line)?.[1];
    if (!key || !SINCE_2_10.includes(key)) return true;
    dropped.push(key);
    return false;
  });
  return { text: lines.join("\n"), dropped };
}

interface NodePlan {
  name: string;
  port: number;
  httpPort: number;
  clusterPort: number;
  storeDir: string;
}

function clusterNode(
  binary: string,
  configFile: string,
  plan: NodePlan,
  env: Record<string, string>,
): NatsClusterNode & { launch(): Promise<void> } {
  let child: ChildProcess | undefined;
  let output = "";

  const launch = async () => {
    if (child) return;
    const proc = spawn(binary, ["-c", configFile], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(proc);
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-OUTPUT_KEPT);
    };
    proc.stdout?.on("data", keep);
    proc.stderr?.on("data", keep);
    proc.once("exit", () => {
      running.delete(proc);
      if (child === proc) child = undefined;
    });
    child = proc;
    await waitFor(
      async () => {
        if (child !== proc) throw new FixtureStartError("cluster", `${plan.name} exited`, output);
        return reachableHttp(plan.httpPort);
      },
      { timeoutMs: 15_000, intervalMs: 20, what: `${plan.name} monitoring port` },
    );
  };

  return {
    ...plan,
    url: `nats://${HOST}:${plan.port}`,
    pid: () => child?.pid,
    running: () => child !== undefined,
    output: () => output,
    launch,
    async kill(signal = "SIGKILL") {
      const current = child;
      if (!current) return;
      await terminate(current, signal);
    },
    start: launch,
    health: () => healthz(plan.httpPort),
  };
}

async function healthz(httpPort: number): Promise<{ status: number; body: string }> {
  try {
    const res = await fetch(`http://${HOST}:${httpPort}/healthz`, {
      signal: AbortSignal.timeout(1_000),
    });
    return { status: res.status, body: (await res.text()).trim() };
  } catch (err) {
    return { status: 0, body: (err as Error).message };
  }
}

async function reachableHttp(httpPort: number): Promise<boolean> {
  try {
    await fetch(`http://${HOST}:${httpPort}/varz`, { signal: AbortSignal.timeout(500) });
    return true;
  } catch {
    return false;
  }
}

async function distinctPorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}
