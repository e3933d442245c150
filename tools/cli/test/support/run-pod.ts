import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const CLI_ROOT = resolve(import.meta.dirname, "..", "..");
const MAIN = join(CLI_ROOT, "src", "main.ts");

export interface PodRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as one JSON document. */
  json<T = Record<string, unknown>>(): T;
  /** stdout parsed as JSON lines. */
  lines<T = Record<string, unknown>>(): T[];
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  timeoutMs?: number;
  /** Resolves when stdout has this many lines, then SIGINTs the process. */
  interruptAfterLines?: number;
}

/** A temp HOME for one agent: the CLI's default keypair and state live under it. */
export function tempHome(prefix = "pod-cli-home-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs the real CLI (`node --import tsx src/main.ts ...args`) as a child process. */
export function runPod(args: string[], opts: RunOptions = {}): Promise<PodRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
      cwd: CLI_ROOT,
      // No inherited POD_* or NATS_URL: each test says what the CLI sees.
      env: { PATH: process.env.PATH, NO_COLOR: "1", ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let interrupted = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const n = stdout.split("\n").filter(Boolean).length;
      if (opts.interruptAfterLines !== undefined && n >= opts.interruptAfterLines && !interrupted) {
        interrupted = true;
        child.kill("SIGINT");
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
    child.on("error", fail);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      done({
        code,
        signal,
        stdout,
        stderr,
        json: <T>() => {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`stdout is not one JSON document:\n${stdout}\nstderr:\n${stderr}`);
          }
        },
        lines: <T>() =>
          stdout
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l) as T),
      });
    });
    child.stdin.end(opts.stdin ?? "");
  });
}
