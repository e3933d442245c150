import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

/** How a child process ended. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() at the exit. */
  at: number;
}

/** Where the lines a child writes go: `process` is its stack name (`ingest`, `ingest#1`). */
export type LineSink = (process: string, line: string) => void;

export interface ChildSpec {
  /** Stack name of the process, used in logs and errors. */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  sink?: LineSink;
  /** Lines kept in memory for failure messages and `output()`. */
  keepLines?: number;
}

/** One run of a child process: its lines as they arrive, its exit. */
export interface Child {
  proc: ChildProcess;
  pid: number;
  lines: string[];
  exited: Promise<ExitInfo>;
  /** Resolves with the first parsed JSON line (already seen or future) `match` accepts. */
  waitForJson(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs: number,
  ): Promise<Record<string, unknown>>;
  running(): boolean;
  /** Sends `signal` (SIGTERM by default) and resolves once it exited; SIGKILL after `forceMs`. */
  stop(signal?: NodeJS.Signals, forceMs?: number): Promise<ExitInfo>;
}

const DEFAULT_KEEP_LINES = 400;

// Children are in their own process groups (see spawnChild): if this process ends without
// stopping them, nothing else would.
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/**
 * Starts a process in its own process group, so a Ctrl-C on a terminal reaches only the
 * launcher, which then stops the children in order and signals each exactly once.
 */
export function spawnChild(spec: ChildSpec): Child {
  const proc = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  live.add(proc);
  const keep = spec.keepLines ?? DEFAULT_KEEP_LINES;
  const lines: string[] = [];
  const watchers = new Set<() => void>();
  const onLine = (line: string) => {
    lines.push(line);
    if (lines.length > keep) lines.splice(0, lines.length - keep);
    spec.sink?.(spec.name, line);
    for (const watch of watchers) watch();
  };
  createInterface({ input: proc.stdout! }).on("line", onLine);
  createInterface({ input: proc.stderr! }).on("line", onLine);

  let exit: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((done) => {
    const finish = (info: ExitInfo) => {
      live.delete(proc);
      // Let readline hand over the last lines before anyone reads them.
      setImmediate(() => {
        exit = info;
        for (const watch of watchers) watch();
        done(info);
      });
    };
    proc.once("exit", (code, signal) => finish({ code, signal, at: Date.now() }));
    proc.once("error", () => finish({ code: null, signal: null, at: Date.now() }));
  });

  const waitForJson: Child["waitForJson"] = (match, timeoutMs) =>
    new Promise((resolve, reject) => {
      let scanned = 0;
      const check = () => {
        for (; scanned < lines.length; scanned++) {
          const parsed = parseJsonLine(lines[scanned]!);
          if (parsed && match(parsed)) return settle(() => resolve(parsed));
        }
        scanned = lines.length;
        if (exit) {
          const how = exit.signal ?? exit.code;
          settle(() => reject(new Error(`${spec.name} exited with ${how}`)));
        }
      };
      const timer = setTimeout(
        () => settle(() => reject(new Error(`${spec.name}: no such line in ${timeoutMs} ms`))),
        timeoutMs,
      );
      const settle = (how: () => void) => {
        clearTimeout(timer);
        watchers.delete(check);
        how();
      };
      watchers.add(check);
      check();
    });

  const running = () => proc.exitCode === null && proc.signalCode === null && exit === undefined;

  return {
    proc,
    pid: proc.pid ?? -1,
    lines,
    exited,
    waitForJson,
    running,
    async stop(signal = "SIGTERM", forceMs = 15_000) {
      if (!running()) return exited;
      const force = setTimeout(() => proc.kill("SIGKILL"), forceMs);
      proc.kill(signal);
      const info = await exited;
      clearTimeout(force);
      return info;
    },
  };
}

function parseJsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
