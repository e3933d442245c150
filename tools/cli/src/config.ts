import { homedir } from "node:os";
import { join } from "node:path";
import { SERVICES, type ServiceName } from "@pod/protocol";
import { usageError } from "./errors.js";

/** The defaults of `pnpm start` on one machine. */
export const DEFAULTS = {
  natsUrl: "nats://127.0.0.1:4222",
  rpcUrl: "http://127.0.0.1:8899",
  subscriptionUrl: "http://127.0.0.1:8085",
  metricsUrl: "http://127.0.0.1:8086",
  timeoutMs: 60_000,
  /** Each service's HTTP port under `pnpm start`. */
  servicePorts: {
    ingest: 8081,
    compression: 8082,
    "ipfs-storage": 8083,
    "tx-bundler": 8084,
    subscription: 8085,
    metrics: 8086,
  } satisfies Record<ServiceName, number>,
} as const;

/** The global options as commander parsed them. */
export interface GlobalFlags {
  json?: boolean;
  keypair?: string;
  nats?: string;
  rpc?: string;
  subscriptionUrl?: string;
  metricsUrl?: string;
  serviceUrl?: string[];
  timeout?: string;
  wait?: boolean;
  verbose?: boolean;
  color?: boolean;
}

export interface Config {
  json: boolean;
  verbose: boolean;
  keypairPath: string;
  natsUrl: string;
  rpcUrl: string;
  subscriptionUrl: string;
  metricsUrl: string;
  /** Each service's health endpoint base URL (one instance each). */
  serviceUrls: Record<ServiceName, string>;
  timeoutMs: number;
  /** Wait for the chain's confirmation after ingest's receipt. */
  wait: boolean;
  /** Where `pod` keeps its own state (the inbox cursor). */
  stateDir: string;
}

type Env = Record<string, string | undefined>;

/** Empty means unset, as everywhere in this repository. */
function env(e: Env, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = e[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** flags > environment > defaults. */
export function resolveConfig(flags: GlobalFlags, e: Env = process.env): Config {
  const home = env(e, "HOME") ?? homedir();
  const configDir = join(home, ".config", "pod");
  const subscriptionUrl = trimSlash(
    flags.subscriptionUrl ?? env(e, "POD_SUBSCRIPTION_URL") ?? DEFAULTS.subscriptionUrl,
  );
  const metricsUrl = trimSlash(
    flags.metricsUrl ?? env(e, "POD_METRICS_URL") ?? DEFAULTS.metricsUrl,
  );
  return {
    json: flags.json === true,
    verbose: flags.verbose === true,
    keypairPath: expandHome(
      flags.keypair ?? env(e, "POD_KEYPAIR") ?? join(configDir, "id.json"),
      home,
    ),
    natsUrl: flags.nats ?? env(e, "POD_NATS_URL", "NATS_URL") ?? DEFAULTS.natsUrl,
    rpcUrl: flags.rpc ?? env(e, "SOLANA_RPC_URL")?.split(",")[0] ?? DEFAULTS.rpcUrl,
    subscriptionUrl,
    metricsUrl,
    serviceUrls: serviceUrls(flags.serviceUrl ?? [], env(e, "POD_SERVICE_URLS"), {
      subscription: subscriptionUrl,
      metrics: metricsUrl,
    }),
    timeoutMs:
      flags.timeout === undefined ? DEFAULTS.timeoutMs : parseDuration(flags.timeout, "--timeout"),
    wait: flags.wait !== false,
    stateDir: expandHome(env(e, "POD_STATE_DIR") ?? configDir, home),
  };
}

/**
 * Health URLs: defaults per port, then the subscription and metrics URLs, then
 * POD_SERVICE_URLS, then --service-url flags (`name=url`, later wins).
 */
function serviceUrls(
  flags: string[],
  fromEnv: string | undefined,
  known: Partial<Record<ServiceName, string>>,
): Record<ServiceName, string> {
  const urls = Object.fromEntries(
    SERVICES.map((s) => [s, `http://127.0.0.1:${DEFAULTS.servicePorts[s]}`]),
  ) as Record<ServiceName, string>;
  Object.assign(urls, known);
  const pairs = [...(fromEnv?.split(",") ?? []), ...flags.flatMap((f) => f.split(","))];
  for (const pair of pairs.map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq) as ServiceName;
    if (eq < 1 || !(SERVICES as readonly string[]).includes(name)) {
      throw usageError(
        `service URL "${pair}" must be <service>=<url>, service one of ${SERVICES.join(", ")}`,
      );
    }
    urls[name] = trimSlash(pair.slice(eq + 1));
  }
  return urls;
}

/** "500ms", "30s", "2m"; a bare number is seconds. */
export function parseDuration(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw usageError(`${what} must be a duration like 500ms, 30s or 2m, got "${text}"`);
  const n = Number(m[1]);
  const ms = m[2] === "ms" ? n : m[2] === "m" ? n * 60_000 : n * 1000;
  if (ms <= 0) throw usageError(`${what} must be positive`);
  return Math.round(ms);
}

function expandHome(path: string, home: string): string {
  return path === "~" || path.startsWith("~/") ? join(home, path.slice(1)) : path;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
