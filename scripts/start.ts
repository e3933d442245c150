/**
 * Starts the whole system on one machine on the embedded defaults: a NATS server (reused when
 * one answers at NATS_URL, else a local nats-server with JetStream), the local chain, and the
 * six services, each as its own process (see tools/stack). Ctrl-C (or SIGTERM) drains the
 * services first, then the chain, then the broker this script started.
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
// A path import: the root package does not list the workspace's tools as dependencies.
import { SERVICES, startStack, type ServiceName, type Stack } from "../tools/stack/src/index.js";

const root = resolve(import.meta.dirname, "..");
const DEFAULT_PORT_BASE = 8080; // services on 8081..8086, in SERVICES order
const { values: args } = parseArgs({
  options: {
    "data-dir": { type: "string", default: process.env.DATA_DIR ?? join(root, ".data") },
    "nats-url": { type: "string", default: process.env.NATS_URL ?? "nats://127.0.0.1:4222" },
    "rpc-url": { type: "string", default: process.env.SOLANA_RPC_URL },
    "chain-port": { type: "string", default: process.env.LOCAL_CHAIN_PORT ?? "8899" },
    "http-port-base": { type: "string", default: process.env.POD_HTTP_PORT_BASE },
    only: { type: "string" },
    instances: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

/** The services' first port less one; 0 lets every instance take a free port. */
function httpPortBase(): number | undefined {
  const given = args["http-port-base"];
  if (given === undefined || given === "") return DEFAULT_PORT_BASE;
  return Number(given) === 0 ? undefined : Number(given);
}

if (args.help) {
  console.log(`pnpm start [--data-dir DIR] [--nats-url URL] [--rpc-url URL] [--chain-port N]
           [--http-port-base N] [--only ingest,compression,...] [--instances ingest=2,...]
Starts nats-server (unless one answers at --nats-url), the local chain (unless --rpc-url
names a cluster) and the six services. Logs are one JSON line per event, prefixed by the
process name. --http-port-base N gives the services ports N+1..N+6 instead of their defaults
(8081..8086); further instances (--instances) get the ports above N+6; 0 picks free ports
(the "started" line lists them).`);
  process.exit(0);
}

function note(event: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ time: new Date().toISOString(), name: "start", event, ...fields }));
}

function selection(): Partial<Record<ServiceName, number>> {
  const wanted = args.only ? args.only.split(",").map((s) => s.trim()) : [...SERVICES];
  const picked: Partial<Record<string, number>> = Object.fromEntries(wanted.map((s) => [s, 1]));
  for (const pair of args.instances?.split(",") ?? []) {
    const [name, count] = pair.split("=");
    picked[name!.trim()] = Number(count);
  }
  return picked as Partial<Record<ServiceName, number>>;
}

let stack: Stack | undefined;
let stopping = false;

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Still starting: the stop runs as soon as startStack hands over what it started.
  if (!stack) return;
  note("stopping", { processes: stack?.services.map((s) => s.label) ?? [] });
  await stack?.stop();
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  stack = await startStack({
    dataDir: resolve(args["data-dir"]!),
    natsUrl: args["nats-url"],
    rpcUrl: args["rpc-url"],
    chainPort: Number(args["chain-port"]),
    services: selection(),
    httpPortBase: httpPortBase(),
    onLine: (name, line) => console.log(`[${name}] ${line}`),
    onEvent: ({ event, ...fields }) => note(event, fields),
    onUnexpectedExit: () => void shutdown(1),
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
if (stopping) {
  // Ctrl-C arrived while starting: finish the stop now that there is something to stop.
  await stack.stop();
  process.exit(0);
}
note("started", {
  services: stack.services.map((s) => ({ process: s.label, pid: s.pid, httpUrl: s.httpUrl })),
  natsUrl: stack.natsUrl,
  rpcUrl: stack.rpcUrl,
});
