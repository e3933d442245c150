import { homedir } from "node:os";
import { join } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";

/** Everything the server needs to start, after flags, environment and defaults are merged. */
export interface McpConfig {
  keypairPath: string;
  /** Write a fresh key file at keypairPath when none exists (never implicit). */
  createKey: boolean;
  natsUrl: string;
  rpcUrl: string;
  subscriptionUrl: string;
  transport: "stdio" | "http";
  host: string;
  port: number;
  /** Hostnames (no port) accepted in the Host header over HTTP, besides the bound host. */
  allowedHosts: string[];
  /** Exact origins (scheme://host[:port]) accepted in the Origin header over HTTP. */
  allowedOrigins: string[];
  logLevel: string;
  /** How long a tool waits for the chain's confirmation when asked to confirm. */
  confirmTimeoutMs: number;
}

export const DEFAULTS = {
  natsUrl: "nats://127.0.0.1:4222",
  rpcUrl: "http://127.0.0.1:8899",
  subscriptionUrl: "http://127.0.0.1:8085",
  keypairPath: join(homedir(), ".config", "pod", "id.json"),
  host: "127.0.0.1",
  port: 8090,
  logLevel: "info",
  confirmTimeoutMs: 60_000,
} as const;

type Env = Record<string, string | undefined>;

/** An environment variable, where empty means unset. */
function env(vars: Env, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = vars[name];
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new InvalidArgumentError("must be an integer from 0 to 65535");
  }
  return n;
}

function positiveMs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("must be a positive integer");
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The `pod-mcp` command line; `parseConfig` runs it. */
export function buildCommand(): Command {
  return new Command("pod-mcp")
    .description(
      "MCP server for one PoD agent: each tool call becomes a request signed with the agent's key",
    )
    .option("--keypair <path>", `agent key file (env POD_KEYPAIR, default ${DEFAULTS.keypairPath})`)
    .option("--create-key", "create the key file when it does not exist")
    .option("--nats-url <url>", `NATS server (env POD_NATS_URL, NATS_URL; ${DEFAULTS.natsUrl})`)
    .option("--rpc-url <url>", `Solana JSON-RPC (env SOLANA_RPC_URL; ${DEFAULTS.rpcUrl})`)
    .option(
      "--subscription-url <url>",
      `subscription service (env POD_SUBSCRIPTION_URL; ${DEFAULTS.subscriptionUrl})`,
    )
    .addOption(new Option("--stdio", "serve MCP over stdin/stdout (default)").conflicts("http"))
    .option("--http", "serve MCP over streamable HTTP at /mcp")
    .option("--host <host>", "HTTP bind address", DEFAULTS.host)
    .option("--port <port>", "HTTP port, 0 for a free one", port, DEFAULTS.port)
    .option(
      "--allowed-host <hostname>",
      "another hostname accepted in the Host header (repeatable)",
      collect,
      [],
    )
    .option(
      "--allowed-origin <origin>",
      "an origin accepted in the Origin header, e.g. http://localhost:6274 (repeatable)",
      collect,
      [],
    )
    .option(
      "--confirm-timeout-ms <ms>",
      "how long tools wait for confirmations",
      positiveMs,
      DEFAULTS.confirmTimeoutMs,
    )
    .option("--log-level <level>", "pino level for stderr logs (env LOG_LEVEL; info)")
    .showHelpAfterError();
}

interface ParsedFlags {
  keypair?: string;
  createKey?: boolean;
  natsUrl?: string;
  rpcUrl?: string;
  subscriptionUrl?: string;
  stdio?: boolean;
  http?: boolean;
  host: string;
  port: number;
  allowedHost: string[];
  allowedOrigin: string[];
  confirmTimeoutMs: number;
  logLevel?: string;
}

/** Flags win over the environment, which wins over the defaults of `pnpm start`. */
export function parseConfig(argv: string[], vars: Env = process.env): McpConfig {
  const flags = buildCommand().parse(argv, { from: "user" }).opts<ParsedFlags>();
  return {
    keypairPath: flags.keypair ?? env(vars, "POD_KEYPAIR") ?? DEFAULTS.keypairPath,
    createKey: flags.createKey === true,
    natsUrl: flags.natsUrl ?? env(vars, "POD_NATS_URL", "NATS_URL") ?? DEFAULTS.natsUrl,
    rpcUrl: flags.rpcUrl ?? env(vars, "SOLANA_RPC_URL") ?? DEFAULTS.rpcUrl,
    subscriptionUrl:
      flags.subscriptionUrl ?? env(vars, "POD_SUBSCRIPTION_URL") ?? DEFAULTS.subscriptionUrl,
    transport: flags.http ? "http" : "stdio",
    host: flags.host,
    port: flags.port,
    allowedHosts: flags.allowedHost,
    allowedOrigins: flags.allowedOrigin,
    logLevel: flags.logLevel ?? env(vars, "LOG_LEVEL") ?? DEFAULTS.logLevel,
    confirmTimeoutMs: flags.confirmTimeoutMs,
  };
}
