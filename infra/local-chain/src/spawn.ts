import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { LocalChainError } from "./errors.js";

const MAIN = resolve(fileURLToPath(new URL(".", import.meta.url)), "main.ts");
const DEFAULT_READY_TIMEOUT_MS = 60_000;

/** The chain process did not report "listening" (it exited, or took too long). */
export class ChainStartError extends LocalChainError {
  readonly stderr: string;

  constructor(reason: string, stderr: string) {
    super("CHAIN_START_FAILED", `local chain did not start: ${reason}`);
    this.stderr = stderr;
  }
}

export interface SpawnedChain {
  child: ChildProcess;
  rpcUrl: string;
  wsUrl: string;
  ledger: string;
  /** The "listening" log line, parsed. */
  ready: Record<string, unknown>;
  /** Sends `signal` (SIGTERM by default) and resolves with the exit code once it exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface SpawnOptions {
  /** Ledger directory; a new temporary one when omitted. */
  ledger?: string;
  slotMs?: number;
  light?: boolean;
  /** Further command-line flags for main.ts. */
  args?: string[];
  readyTimeoutMs?: number;
}

/** A fresh ledger directory under the system temp dir. */
export function tempLedgerDir(): string {
  return mkdtempSync(join(tmpdir(), "local-chain-"));
}

/**
 * Starts the local chain as a child process on free ports (HTTP and WebSocket) and resolves
 * once it logged "listening": for tests and tools of other packages.
 */
export async function spawnLocalChain(options: SpawnOptions = {}): Promise<SpawnedChain> {
  const ledger = options.ledger ?? tempLedgerDir();
  const args = ["--import", "tsx", MAIN, "--port", "0", "--ledger", ledger];
  if (options.slotMs !== undefined) args.push("--slot-ms", String(options.slotMs));
  if (options.light === false) args.push("--no-light");
  args.push(...(options.args ?? []));
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));

  const timeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const ready = await new Promise<Record<string, unknown>>((done, fail) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new ChainStartError(`no "listening" line within ${timeoutMs} ms`, stderr));
    }, timeoutMs);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if (entry.msg !== "listening") return;
      clearTimeout(timer);
      done(entry);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new ChainStartError(`exited with ${code}`, stderr));
    });
  });

  return {
    child,
    rpcUrl: ready.rpcUrl as string,
    wsUrl: ready.wsUrl as string,
    ledger,
    ready,
    stop: (signal = "SIGTERM") =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
        child.once("exit", (code) => done(code));
        child.kill(signal);
      }),
  };
}
