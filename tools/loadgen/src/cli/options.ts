import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { LoadgenConfigError } from "../errors.js";

/** The command line, parsed and checked. */
export interface CliOptions {
  agents: number;
  messages?: number;
  rate: number;
  duration?: number;
  channels: number;
  joinsPerAgent: number;
  setupRate?: number;
  directRatio: number;
  largeRatio: number;
  largeBytes: number;
  expiringRatio: number;
  maxOutstanding: number;
  drainTimeout: number;
  seed: number;
  natsUrl: string;
  rpcUrl: string;
  wsUrl?: string;
  spawn: boolean;
  pids?: string;
  serviceEnv: string[];
  baseline: boolean;
  baselineClients: number;
  baselineSeconds: number;
  adminKeypair?: string;
  out?: string;
  logs?: string;
  progress: boolean;
}

const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError(`${name} must be a positive integer`);
  return n;
};
const nonNegativeInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`${name} must be an integer >= 0`);
  return n;
};
const positive = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a number > 0`);
  return n;
};
const ratio = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError(`${name} must be in 0..1`);
  return n;
};
const collect = (value: string, previous: string[]) => [...previous, value];

export function buildCommand(): Command {
  return new Command("loadgen")
    .description(
      "Load generator and end-to-end benchmark of the PoD pipeline: registers agents, creates and " +
        "joins channels, sends messages at a target rate (open loop), measures publish -> " +
        "record.confirmed, the services' CPU and RSS, and a naive one-transaction-per-message " +
        "client on the same chain.",
    )
    .option("--agents <n>", "agents to register", positiveInt("--agents"), 100)
    .option(
      "--messages <n>",
      "messages to send (with --duration: whichever ends first)",
      positiveInt("--messages"),
    )
    .option("--rate <r>", "target messages per second", positive("--rate"), 1000)
    .option("--duration <s>", "seconds of message sending", positive("--duration"))
    .option("--channels <n>", "channels to create", nonNegativeInt("--channels"), 10)
    .option(
      "--joins-per-agent <n>",
      "channels each agent joins",
      nonNegativeInt("--joins-per-agent"),
      2,
    )
    .option(
      "--setup-rate <r>",
      "rate of registrations, channel creations and joins (default --rate)",
      positive("--setup-rate"),
    )
    .option(
      "--direct-ratio <x>",
      "share of send_direct among messages",
      ratio("--direct-ratio"),
      0.5,
    )
    .option(
      "--large-ratio <x>",
      "share of messages with content that goes through IPFS",
      ratio("--large-ratio"),
      0.05,
    )
    .option(
      "--large-bytes <n>",
      "typical size of large content",
      positiveInt("--large-bytes"),
      4096,
    )
    .option(
      "--expiring-ratio <x>",
      "share of direct messages with an expiry (per-account record)",
      ratio("--expiring-ratio"),
      0,
    )
    .option(
      "--max-outstanding <n>",
      "publishes awaiting their PubAck, at most",
      positiveInt("--max-outstanding"),
      2000,
    )
    .option(
      "--drain-timeout <s>",
      "seconds to wait for outcomes after a phase's last send",
      positive("--drain-timeout"),
      60,
    )
    .option("--seed <n>", "seed of the workload's random choices", nonNegativeInt("--seed"), 1)
    .addOption(
      new Option("--nats-url <url>", "NATS of running services")
        .env("NATS_URL")
        .default("nats://127.0.0.1:4222"),
    )
    .addOption(
      new Option("--rpc-url <url>", "chain JSON-RPC of running services")
        .env("SOLANA_RPC_URL")
        .default("http://127.0.0.1:8899"),
    )
    .option("--ws-url <url>", "chain WebSocket (default: RPC port + 1)")
    .option(
      "--spawn",
      "start nats-server, the local chain and the six services for this run",
      false,
    )
    .option(
      "--pids <list>",
      "name=pid,... of running processes to sample (default: found in /proc)",
    )
    .option(
      "--service-env <[service:]KEY=VALUE>",
      "environment for spawned services, all or one (repeatable)",
      collect,
      [],
    )
    .option("--no-baseline", "skip the naive-client baseline")
    .option(
      "--baseline-clients <n>",
      "concurrent naive clients",
      positiveInt("--baseline-clients"),
      4,
    )
    .option("--baseline-seconds <s>", "seconds of the baseline", positive("--baseline-seconds"), 15)
    .option(
      "--admin-keypair <path>",
      "program upgrade authority, when the baseline must initialize the protocol",
    )
    .option("--out <file.json>", "write the full report as JSON")
    .option("--logs <dir>", "with --spawn: write each process's output to <dir>/<process>.log")
    .option("--no-progress", "no live display (plain lines every 5 s instead)");
}

/** Parses argv; combinations that cannot run are refused with the option named. */
export function parseCli(argv: string[]): CliOptions {
  const command = buildCommand().exitOverride();
  try {
    command.parse(argv);
  } catch (error) {
    // Commander printed its message already; --help is a success, anything else a usage error.
    if (error instanceof CommanderError)
      process.exit(error.code === "commander.helpDisplayed" ? 0 : 2);
    throw error;
  }
  const options = command.opts<CliOptions>();
  if (options.messages === undefined && options.duration === undefined) {
    throw new LoadgenConfigError("messages", "give --messages, --duration, or both");
  }
  for (const entry of options.serviceEnv) {
    if (!/^([a-z-]+:)?[A-Z_][A-Z0-9_]*=/.test(entry)) {
      throw new LoadgenConfigError("service-env", `"${entry}" is not [service:]KEY=VALUE`);
    }
  }
  if (options.logs !== undefined && !options.spawn) {
    throw new LoadgenConfigError("logs", "only applies with --spawn");
  }
  if (options.serviceEnv.length > 0 && !options.spawn) {
    throw new LoadgenConfigError("service-env", "only applies with --spawn");
  }
  return options;
}

/** `KEY=VALUE` entries for every service, and `service:KEY=VALUE` ones per service. */
export function serviceEnvOf(entries: string[]): {
  env: Record<string, string>;
  serviceEnv: Record<string, Record<string, string>>;
} {
  const env: Record<string, string> = {};
  const serviceEnv: Record<string, Record<string, string>> = {};
  for (const entry of entries) {
    const match = /^(?:([a-z-]+):)?([A-Z_][A-Z0-9_]*)=(.*)$/s.exec(entry);
    if (match === null) continue;
    const [, service, key, value] = match as unknown as [
      string,
      string | undefined,
      string,
      string,
    ];
    if (service === undefined) env[key] = value;
    else (serviceEnv[service] ??= {})[key] = value;
  }
  return { env, serviceEnv };
}
