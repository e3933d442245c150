/**
 * Starts the whole system on one machine on the embedded defaults: a NATS server (reused when
 * one answers at NATS_URL, else a local nats-server with JetStream), the local chain, and the
 * six services, each as its own process. Ctrl-C (or SIGTERM) drains the services first, then
 * the chain, then the broker this script started.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { connect } from "node:net";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { findNatsServer, NatsServerNotFoundError, waitFor } from "@pod/testing";

const root = resolve(import.meta.dirname, "..");
const { values: args } = parseArgs({
  options: {
    "data-dir": { type: "string", default: process.env.DATA_DIR ?? join(root, ".data") },
    "nats-url": { type: "string", default: process.env.NATS_URL ?? "nats://127.0.0.1:4222" },
    "rpc-url": { type: "string", default: process.env.SOLANA_RPC_URL },
    "chain-port": { type: "string", default: process.env.LOCAL_CHAIN_PORT ?? "8899" },
    "http-port-base": { type: "string", default: process.env.POD_HTTP_PORT_BASE },
    only: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

if (args.help) {
  console.log(`pnpm start [--data-dir DIR] [--nats-url URL] [--rpc-url URL] [--chain-port N]
           [--http-port-base N] [--only ingest,compression,...]
Starts nats-server (unless one answers at --nats-url), the local chain (unless --rpc-url
names a cluster) and the six services. Logs are one JSON line per event, prefixed by the
process name. --http-port-base N gives the services ports N+1..N+6 instead of their defaults
(8081..8086).`);
  process.exit(0);
}

const SERVICES = ["ingest", "compression", "ipfs-storage", "tx-bundler", "subscription", "metrics"];
const dataDir = resolve(args["data-dir"]!);
const natsUrl = new URL(args["nats-url"]!);
const children: { name: string; proc: ChildProcess }[] = [];
let stopping = false;

function note(event: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ time: new Date().toISOString(), name: "start", event, ...fields }));
}

function reachable(host: string, port: number, timeoutMs = 800): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once("connect", () => finish(true));
    socket.once("error", () => finish(false));
  });
}

async function waitReachable(host: string, port: number, what: string, timeoutMs = 20_000) {
  const accepting = `${what} accepting connections on ${host}:${port}`;
  await waitFor(() => reachable(host, port), { timeoutMs, intervalMs: 150, what: accepting });
}

function run(name: string, command: string, argv: string[], env: Record<string, string> = {}) {
  const proc = spawn(command, argv, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Own process group: a Ctrl-C reaches only this script, which then stops the children in
    // order (services before the chain and the broker) and signals each exactly once.
    detached: true,
  });
  for (const stream of [proc.stdout, proc.stderr]) {
    createInterface({ input: stream! }).on("line", (line) => console.log(`[${name}] ${line}`));
  }
  proc.once("exit", (code, signal) => {
    note("exited", { process: name, code, signal });
    if (!stopping) void shutdown(1);
  });
  children.push({ name, proc });
  return proc;
}

function tsx(entry: string): [string, string[]] {
  return [process.execPath, ["--import", "tsx", entry]];
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  note("stopping", { processes: children.map((c) => c.name) });
  // Services first so they can drain into a broker and a chain that are still up.
  for (const group of [children.filter((c) => SERVICES.includes(c.name)), children]) {
    await Promise.all(
      group.map(
        ({ proc }) =>
          new Promise<void>((done) => {
            if (proc.exitCode !== null || proc.signalCode !== null) return done();
            const force = setTimeout(() => proc.kill("SIGKILL"), 15_000);
            proc.once("exit", () => {
              clearTimeout(force);
              done();
            });
            proc.kill("SIGTERM");
          }),
      ),
    );
  }
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
// Last resort if this script dies some other way: children are in their own groups.
process.on("exit", () => children.forEach(({ proc }) => proc.exitCode ?? proc.kill("SIGKILL")));

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const natsHost = natsUrl.hostname;
  const natsPort = Number(natsUrl.port || 4222);

  if (await reachable(natsHost, natsPort)) {
    note("nats.reused", { url: natsUrl.href });
  } else {
    const bin = await findNatsServer().catch((error: unknown) => {
      if (error instanceof NatsServerNotFoundError) return undefined;
      throw error;
    });
    if (!bin) {
      console.error(
        `No NATS server answers at ${natsUrl.href} and no nats-server binary was found.\n` +
          "Install one (on Debian: apt-get install nats-server), or point NATS_URL at a " +
          "NATS server with JetStream enabled.",
      );
      process.exit(1);
    }
    const storeDir = join(dataDir, "nats");
    mkdirSync(storeDir, { recursive: true });
    run("nats", bin, ["-a", natsHost, "-p", String(natsPort), "-js", "-sd", storeDir]);
    await waitReachable(natsHost, natsPort, "nats-server");
    note("nats.started", { url: natsUrl.href, storeDir });
  }

  let rpcUrl = args["rpc-url"];
  if (!rpcUrl) {
    const chainPort = Number(args["chain-port"]);
    const entry = join(root, "infra/local-chain/src/main.ts");
    if (!existsSync(entry)) throw new Error(`local chain entry point missing: ${entry}`);
    const [cmd, argv] = tsx(entry);
    run("local-chain", cmd, [
      ...argv,
      "--port",
      String(chainPort),
      "--ledger",
      join(dataDir, "chain"),
    ]);
    await waitReachable("127.0.0.1", chainPort, "local chain", 60_000);
    rpcUrl = `http://127.0.0.1:${chainPort}`;
    note("chain.started", { rpcUrl });
  }

  const wanted = args.only ? args.only.split(",") : SERVICES;
  const portBase = args["http-port-base"] ? Number(args["http-port-base"]) : undefined;
  for (const name of wanted) {
    if (!SERVICES.includes(name)) throw new Error(`unknown service "${name}"`);
    const port: Record<string, string> =
      portBase === undefined
        ? {}
        : { SERVICE_HTTP_PORT: String(portBase + 1 + SERVICES.indexOf(name)) };
    const [cmd, argv] = tsx(join(root, "services", name, "src/main.ts"));
    run(name, cmd, argv, {
      NATS_URL: natsUrl.href,
      SOLANA_RPC_URL: rpcUrl,
      DATA_DIR: join(dataDir, name),
      ...port,
    });
  }
  note("started", { services: wanted, natsUrl: natsUrl.href, rpcUrl });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  void shutdown(1);
});
