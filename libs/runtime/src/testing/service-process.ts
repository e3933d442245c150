import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

/** One JSON log line of a service (other output is kept as `{ text }`). */
export type LogLine = Record<string, unknown>;

export interface ServiceProcessOptions {
  /** The service's entry file (its src/main.ts). */
  entry: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when the process exited. */
  at: number;
}

/** A service running as a real child process, with its log lines parsed as they arrive. */
export interface ServiceProcess {
  proc: ChildProcess;
  lines: LogLine[];
  /** Everything written to stdout and stderr, for failure messages. */
  output(): string;
  /** Resolves with the first line (already seen or future) that satisfies `match`. */
  waitForLine(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Base URL of the HTTP endpoints, once the service logged it. */
  httpUrl(timeoutMs?: number): Promise<string>;
  exited: Promise<ExitInfo>;
  /** Sends `signal` and resolves with the time it was sent. */
  signal(signal: NodeJS.Signals): number;
  /** SIGKILLs the process if it still runs. */
  kill(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/**
 * Starts `node --import tsx <entry>` (the way operators run a service) so that signals reach
 * the service itself rather than a package-manager wrapper.
 */
export function spawnService(options: ServiceProcessOptions): ServiceProcess {
  const proc = spawn(process.execPath, ["--import", "tsx", options.entry], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(proc);
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const waiters = new Set<() => void>();
  const onLine = (text: string) => {
    raw.push(text);
    lines.push(parse(text));
    for (const wake of waiters) wake();
  };
  createInterface({ input: proc.stdout! }).on("line", onLine);
  createInterface({ input: proc.stderr! }).on("line", onLine);

  const exited = new Promise<ExitInfo>((done) => {
    proc.once("exit", (code, signal) => {
      children.delete(proc);
      // Let readline deliver the last lines before anyone inspects them.
      setImmediate(() => done({ code, signal, at: Date.now() }));
    });
  });

  const waitForLine = (match: (line: LogLine) => boolean, timeoutMs = 30_000) =>
    new Promise<LogLine>((resolve, reject) => {
      let exitedEarly = false;
      const check = () => {
        const found = lines.find(match);
        if (found) return finish(() => resolve(found));
        if (exitedEarly) finish(() => reject(new Error(`process exited:\n${raw.join("\n")}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no such log line:\n${raw.join("\n")}`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      void exited.then(() => {
        exitedEarly = true;
        check();
      });
      check();
    });

  return {
    proc,
    lines,
    output: () => raw.join("\n"),
    waitForLine,
    httpUrl: async (timeoutMs) =>
      String((await waitForLine((l) => l.event === "http_listening", timeoutMs)).url),
    exited,
    signal(signal) {
      const at = Date.now();
      proc.kill(signal);
      return at;
    },
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
      await exited;
    },
  };
}

function parse(text: string): LogLine {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as LogLine) : { text };
  } catch {
    return { text };
  }
}
