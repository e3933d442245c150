import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { LocalChainError } from "./errors.js";
import type { ProgramSpec } from "./chain/genesis.js";
import { DEFAULT_MAX_REQUEST_BYTES } from "./server/http.js";

export const DEFAULT_PORT = 8899;
export const DEFAULT_SLOT_MS = 400;
const REPO_ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");
export const DEFAULT_POD_PROGRAM = resolve(REPO_ROOT, "target/deploy/pod_protocol.so");

/** A flag or environment variable has a value the chain cannot start with. */
export class ConfigError extends LocalChainError {
  readonly field: string;

  constructor(field: string, message: string) {
    super("CONFIG_INVALID", `${field}: ${message}`);
    this.field = field;
  }
}

export interface LocalChainConfig {
  host: string;
  /** HTTP JSON-RPC port; 0 picks a free one. WebSocket upgrades are accepted here too. */
  port: number;
  /** Second WebSocket port (web3.js derives port + 1); null for none. 0 picks a free one. */
  wsPort: number | null;
  ledgerDir: string;
  slotMs: number;
  podProgramPath: string;
  /** Keypair of the PoD program's upgrade authority; created when missing. */
  podAuthorityPath: string;
  light: boolean;
  programs: ProgramSpec[];
  maxRequestBytes: number;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
}

const port = z.coerce.number().int().min(0).max(65535);
const base58Id = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

function parsePrograms(items: string[]): ProgramSpec[] {
  return items.map((item) => {
    const eq = item.indexOf("=");
    const programId = item.slice(0, eq);
    const path = item.slice(eq + 1);
    if (eq <= 0 || !base58Id.test(programId) || path.length === 0) {
      throw new ConfigError("program", `expected <base58 id>=<path.so>, got "${item}"`);
    }
    return { programId, path: resolve(path) };
  });
}

function field<T>(name: string, schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ConfigError(name, r.error.issues[0]?.message ?? "invalid");
  return r.data;
}

// Empty environment values count as unset.
function env(vars: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = vars[name];
  return v === undefined || v === "" ? undefined : v;
}

/** The chain's settings from command-line flags, falling back to LOCAL_CHAIN_* variables. */
export function parseConfig(argv: string[], vars: NodeJS.ProcessEnv = {}): LocalChainConfig {
  let values;
  try {
    ({ values } = parseArgs({
      // `pnpm start -- --port 1` hands the script a literal "--" first.
      args: argv[0] === "--" ? argv.slice(1) : argv,
      options: {
        host: { type: "string" },
        port: { type: "string" },
        "ws-port": { type: "string" },
        "no-ws-port": { type: "boolean" },
        ledger: { type: "string" },
        "slot-ms": { type: "string" },
        "pod-program": { type: "string" },
        "pod-authority": { type: "string" },
        "no-light": { type: "boolean" },
        program: { type: "string", multiple: true },
        "max-request-bytes": { type: "string" },
        "log-level": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (cause) {
    throw new ConfigError("argv", (cause as Error).message);
  }

  const httpPort = field(
    "port",
    port,
    values.port ?? env(vars, "LOCAL_CHAIN_PORT") ?? DEFAULT_PORT,
  );
  const wsRaw = values["ws-port"] ?? env(vars, "LOCAL_CHAIN_WS_PORT");
  let wsPort: number | null =
    wsRaw === undefined ? (httpPort === 0 ? 0 : httpPort + 1) : field("ws-port", port, wsRaw);
  if (values["no-ws-port"] || (wsPort === httpPort && httpPort !== 0)) wsPort = null;
  if (wsPort !== null && wsPort > 65535) throw new ConfigError("ws-port", "port + 1 exceeds 65535");

  const programItems = [
    ...(env(vars, "LOCAL_CHAIN_PROGRAMS")
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean) ?? []),
    ...(values.program ?? []),
  ];
  const lightEnv = env(vars, "LOCAL_CHAIN_LIGHT");
  if (lightEnv !== undefined && lightEnv !== "0" && lightEnv !== "1") {
    throw new ConfigError("LOCAL_CHAIN_LIGHT", `expected 0 or 1, got "${lightEnv}"`);
  }

  const ledgerDir = resolve(
    values.ledger ?? env(vars, "LOCAL_CHAIN_LEDGER") ?? ".local-chain/ledger",
  );
  return {
    host: values.host ?? env(vars, "LOCAL_CHAIN_HOST") ?? "127.0.0.1",
    port: httpPort,
    wsPort,
    ledgerDir,
    slotMs: field(
      "slot-ms",
      z.coerce.number().int().min(10).max(60_000),
      values["slot-ms"] ?? env(vars, "LOCAL_CHAIN_SLOT_MS") ?? DEFAULT_SLOT_MS,
    ),
    podProgramPath: resolve(
      values["pod-program"] ?? env(vars, "LOCAL_CHAIN_POD_PROGRAM") ?? DEFAULT_POD_PROGRAM,
    ),
    podAuthorityPath: resolve(
      values["pod-authority"] ??
        env(vars, "LOCAL_CHAIN_POD_AUTHORITY") ??
        join(ledgerDir, "pod-upgrade-authority.json"),
    ),
    light: values["no-light"] ? false : lightEnv !== "0",
    programs: parsePrograms(programItems),
    maxRequestBytes: field(
      "max-request-bytes",
      z.coerce
        .number()
        .int()
        .min(4096)
        .max(64 * 1024 * 1024),
      values["max-request-bytes"] ??
        env(vars, "LOCAL_CHAIN_MAX_REQUEST_BYTES") ??
        DEFAULT_MAX_REQUEST_BYTES,
    ),
    logLevel: field(
      "log-level",
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
      values["log-level"] ?? env(vars, "LOG_LEVEL") ?? "info",
    ),
  };
}
