import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SERVICES, type ServiceName } from "@pod/protocol";
import type { ExitInfo, LineSink } from "./child.js";
import { ensureChain, type ChainHandle } from "./chain.js";
import { StackOptionError } from "./errors.js";
import { ensureNats, type NatsHandle } from "./nats.js";
import { startInstance, type ServiceInstance } from "./service-instance.js";

/** The repository root: services and the local chain are started from their sources here. */
export const REPO_ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");

/** What the stack emits while it starts and stops (start.ts prints these as JSON lines). */
export type StackEvent =
  | { event: "nats.reused" | "nats.started"; url: string; storeDir?: string }
  | { event: "chain.reused" | "chain.started"; rpcUrl: string; ledger?: string }
  | { event: "service.started"; process: string; pid: number; httpUrl: string }
  | { event: "exited"; process: string; code: number | null; signal: NodeJS.Signals | null };

/** Instances per service: a list (one each) or counts ({ ingest: 2, "tx-bundler": 2 }). */
export type ServiceSelection = readonly ServiceName[] | Partial<Record<ServiceName, number>>;

export interface StackOptions {
  /** Where every process keeps its files; a fresh temp dir (removed by stop) when omitted. */
  dataDir?: string;
  /**
   * Reuse the NATS server answering here, or start nats-server on this address. Several
   * comma-separated URLs name a cluster: used when any of them answers, never started here.
   */
  natsUrl?: string;
  /** Point the services at this cluster instead of starting the local chain. */
  rpcUrl?: string;
  /** HTTP port of the local chain; default 0 (a free one). */
  chainPort?: number;
  /** Further local-chain flags, e.g. ["--slot-ms", "100"]. */
  chainArgs?: string[];
  /** Which services, how many of each; default one of each of the six. */
  services?: ServiceSelection;
  /**
   * Fixed HTTP ports: the first instance of the i-th service (in SERVICES order) listens on
   * base+1+i, further instances above base+1+6. Default: every instance picks a free port.
   */
  httpPortBase?: number;
  /** Environment for every service (LOG_LEVEL, INGEST_RATE_PER_SEC, ...). */
  env?: Record<string, string>;
  /** Environment for one service's instances; wins over `env`. */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Lamports the tx-bundler airdrops to its keys; default 1,000 SOL on a local chain. */
  airdropLamports?: number;
  /** The program's admin keypair file for the tx-bundler when `rpcUrl` names a cluster. */
  adminKeypairPath?: string;
  /** Every output line of every process. Default: kept in memory only (see `output()`). */
  onLine?: LineSink;
  onEvent?: (event: StackEvent) => void;
  /** A service process exited without being asked to (start.ts shuts everything down). */
  onUnexpectedExit?: (instance: ServiceInstance, exit: ExitInfo) => void;
  /** Services launched at once (each is a TypeScript process: two cores crowd quickly). */
  startConcurrency?: number;
  /** Wait for every instance's /readyz (default true). */
  waitReady?: boolean;
  readyTimeoutMs?: number;
}

export interface Stack {
  /** What services get in NATS_URL (comma-separated for a cluster). */
  natsUrl: string;
  /** The same as a list, for nats.js clients (connectBus({ servers })). */
  natsServers: string[];
  rpcUrl: string;
  wsUrl?: string;
  dataDir: string;
  /** The local chain's ledger, when this stack started the chain. */
  ledger?: string;
  /** The program's upgrade authority keypair (initialize, add_relayer), when known. */
  adminKeypairPath?: string;
  /** pid of the nats-server this stack started (undefined when reused). */
  natsPid?: number;
  /** pid of the local chain this stack started (undefined when reused). */
  chainPid?: number;
  /** Every service instance, in start order. */
  services: ServiceInstance[];
  /** The instances of one service. */
  instances(name: ServiceName): ServiceInstance[];
  /** One instance (the first by default); throws when the stack has none. */
  service(name: ServiceName, index?: number): ServiceInstance;
  /** Starts one more instance of a service, like the ones startStack started. */
  addInstance(name: ServiceName): Promise<ServiceInstance>;
  /** Services first (each drains into a broker and chain that are still up), then the chain, then the broker; removes a temp data dir. */
  stop(): Promise<void>;
}

const SERVICE_DEFAULT_AIRDROP = 1_000_000_000_000;
const DEFAULT_READY_TIMEOUT_MS = 120_000;
const NATS_START_TIMEOUT_MS = 20_000;
const CHAIN_START_TIMEOUT_MS = 90_000;

function counts(selection: ServiceSelection | undefined): [ServiceName, number][] {
  const asMap: Partial<Record<string, number>> = Array.isArray(selection)
    ? Object.fromEntries(selection.map((s) => [s, 1]))
    : ((selection as Partial<Record<ServiceName, number>> | undefined) ??
      Object.fromEntries(SERVICES.map((s) => [s, 1])));
  for (const [name, n] of Object.entries(asMap)) {
    if (!(SERVICES as readonly string[]).includes(name)) {
      throw new StackOptionError(`unknown service "${name}" (one of ${SERVICES.join(", ")})`);
    }
    if (!Number.isInteger(n) || n! < 0 || n! > 16) {
      throw new StackOptionError(`instances of ${name} must be an integer 0..16, got ${n}`);
    }
  }
  // Start in pipeline order whatever order the caller listed them in.
  return SERVICES.filter((s) => (asMap[s] ?? 0) > 0).map((s) => [s, asMap[s]!]);
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(run));
  }
}

/**
 * Starts (or reuses) a NATS server and a chain, then the services as child processes, each
 * instance with its own DATA_DIR and HTTP port; resolves once all are ready. On any start
 * failure everything already started is stopped again.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const plan = counts(options.services);
  const ownDataDir = options.dataDir === undefined;
  const dataDir = resolve(options.dataDir ?? mkdtempSync(join(tmpdir(), "pod-stack-")));
  mkdirSync(dataDir, { recursive: true });
  const emit = options.onEvent ?? (() => {});
  const readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;

  let nats: NatsHandle | undefined;
  let chain: ChainHandle | undefined;
  const services: ServiceInstance[] = [];
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(
      services.map(async (s) => {
        if (!s.running()) return;
        const exit = await s.kill("SIGTERM");
        emit({ event: "exited", process: s.label, code: exit.code, signal: exit.signal });
      }),
    );
    if (chain?.child) await chain.child.stop("SIGTERM");
    if (nats?.child) await nats.child.stop("SIGTERM");
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  const watchInfra = (name: string, handle: { child?: { exited: Promise<ExitInfo> } }) => {
    void handle.child?.exited.then((exit) =>
      emit({ event: "exited", process: name, code: exit.code, signal: exit.signal }),
    );
  };

  const serviceEnv = (name: ServiceName, index: number): Record<string, string> => {
    const env: Record<string, string> = {
      NATS_URL: nats!.url,
      SOLANA_RPC_URL: chain!.rpcUrl,
      DATA_DIR: join(dataDir, index === 0 ? name : `${name}-${index}`),
      ...options.env,
    };
    if (name === "tx-bundler") {
      const admin = options.adminKeypairPath ?? chain!.adminKeypairPath;
      if (admin) env.BUNDLER_ADMIN_KEYPAIR = admin;
      const airdrop = options.airdropLamports ?? (chain!.child ? SERVICE_DEFAULT_AIRDROP : 0);
      if (airdrop > 0) env.BUNDLER_AIRDROP_LAMPORTS = String(airdrop);
    }
    return { ...env, ...options.serviceEnv?.[name] };
  };

  const portFor = (name: ServiceName, index: number): number => {
    if (options.httpPortBase === undefined) return 0;
    const slot =
      index === 0 ? SERVICES.indexOf(name) : SERVICES.length * index + SERVICES.indexOf(name);
    return options.httpPortBase + 1 + slot;
  };

  const launch = async (name: ServiceName, index: number) => {
    const instance = await startInstance({
      name,
      index,
      root: REPO_ROOT,
      env: serviceEnv(name, index),
      port: portFor(name, index),
      sink: options.onLine,
      readyTimeoutMs,
      onUnexpectedExit: (inst, exit) => {
        emit({ event: "exited", process: inst.label, code: exit.code, signal: exit.signal });
        if (!stopped) options.onUnexpectedExit?.(inst, exit);
      },
    });
    services.push(instance);
    emit({
      event: "service.started",
      process: instance.label,
      pid: instance.pid,
      httpUrl: instance.httpUrl,
    });
    return instance;
  };

  try {
    [nats, chain] = await Promise.all([
      ensureNats({
        url: options.natsUrl,
        dataDir,
        root: REPO_ROOT,
        sink: options.onLine,
        timeoutMs: NATS_START_TIMEOUT_MS,
      }),
      ensureChain({
        rpcUrl: options.rpcUrl,
        port: options.chainPort ?? 0,
        dataDir,
        root: REPO_ROOT,
        args: options.chainArgs ?? [],
        sink: options.onLine,
        timeoutMs: CHAIN_START_TIMEOUT_MS,
      }),
    ]);
    emit(
      nats.child
        ? { event: "nats.started", url: nats.url, storeDir: nats.storeDir }
        : { event: "nats.reused", url: nats.url },
    );
    emit(
      chain.child
        ? { event: "chain.started", rpcUrl: chain.rpcUrl, ledger: chain.ledger }
        : { event: "chain.reused", rpcUrl: chain.rpcUrl },
    );
    watchInfra("nats", nats);
    watchInfra("local-chain", chain);

    const jobs = plan.flatMap(([name, n]) =>
      Array.from({ length: n }, (_, index) => ({ name, index })),
    );
    await inBatches(jobs, options.startConcurrency ?? 3, async ({ name, index }) => {
      const instance = await launch(name, index);
      if (options.waitReady !== false) await instance.waitReady();
    });
  } catch (error) {
    // Half a stack is of no use to anyone: stop what did start.
    await stop();
    throw error;
  }

  const instances = (name: ServiceName) =>
    services.filter((s) => s.name === name).sort((a, b) => a.index - b.index);

  return {
    natsUrl: nats.url,
    natsServers: nats.servers,
    rpcUrl: chain.rpcUrl,
    wsUrl: chain.wsUrl,
    dataDir,
    ledger: chain.ledger,
    adminKeypairPath: options.adminKeypairPath ?? chain.adminKeypairPath,
    natsPid: nats.child?.pid,
    chainPid: chain.child?.pid,
    services,
    instances,
    service(name, index = 0) {
      const found = instances(name).find((s) => s.index === index);
      if (!found) throw new StackOptionError(`the stack runs no instance ${index} of ${name}`);
      return found;
    },
    async addInstance(name) {
      const index = instances(name).length;
      const instance = await launch(name, index);
      await instance.waitReady();
      return instance;
    },
    stop,
  };
}
