import { join } from "node:path";
import type { ServiceName } from "@pod/protocol";
import { spawnChild, type Child, type ExitInfo, type LineSink } from "./child.js";
import { freePort } from "@pod/testing";
import { StackStartError } from "./errors.js";

/** One running (or stopped) process of a service, as the stack started it. */
export interface ServiceInstance {
  name: ServiceName;
  /** 0 for the first instance of a service, 1 for the second, ... */
  index: number;
  /** Stack name of the process: `ingest`, then `ingest#1`, `ingest#2`. */
  label: string;
  /** pid of the current process (a restart changes it). */
  readonly pid: number;
  /** Base URL of /healthz, /readyz, /metrics (kept across restarts). */
  readonly httpUrl: string;
  dataDir: string;
  /** The environment the process runs with, beyond the launcher's own. */
  env: Record<string, string>;
  running(): boolean;
  /** Lines the current process wrote (the last few hundred). */
  output(): string;
  /** Resolves when the current process exits. */
  exited(): Promise<ExitInfo>;
  /** Sends `signal` (SIGKILL by default) and resolves once the process exited. */
  kill(signal?: NodeJS.Signals): Promise<ExitInfo>;
  /** Stops the process if it runs (SIGTERM), starts it again with the same env and port. */
  restart(): Promise<void>;
  /** Resolves once /readyz answers 200. */
  waitReady(timeoutMs?: number): Promise<void>;
}

export interface InstancePlan {
  name: ServiceName;
  index: number;
  root: string;
  env: Record<string, string>;
  /** SERVICE_HTTP_PORT; 0 picks a free one at the first start. */
  port: number;
  sink?: LineSink;
  /** Called when the process exits without the stack or a handle asking it to. */
  onUnexpectedExit?: (instance: ServiceInstance, exit: ExitInfo) => void;
  readyTimeoutMs: number;
}

const HOST = "127.0.0.1";

/**
 * Starts `node --import tsx services/<name>/src/main.ts` and wraps it in a handle. Ports are
 * chosen here (a free one for 0) rather than read back from the service's log, so they are
 * known whatever LOG_LEVEL says, and a restart gets the same ones.
 */
export async function startInstance(plan: InstancePlan): Promise<ServiceInstance> {
  const label = plan.index === 0 ? plan.name : `${plan.name}#${plan.index}`;
  const entry = join(plan.root, "services", plan.name, "src/main.ts");
  const port = plan.port === 0 ? await freePort() : plan.port;
  const url = `http://${HOST}:${port}`;
  const env: Record<string, string> = { ...plan.env, SERVICE_HTTP_PORT: String(port) };
  let child: Child;
  let expected = false;

  const launch = () => {
    expected = false;
    const current = spawnChild({
      name: label,
      command: process.execPath,
      args: ["--import", "tsx", entry],
      cwd: plan.root,
      env: { ...(process.env as Record<string, string>), ...env },
      sink: plan.sink,
    });
    child = current;
    void current.exited.then((exit) => {
      if (!expected && child === current) plan.onUnexpectedExit?.(instance, exit);
    });
  };

  const instance: ServiceInstance = {
    name: plan.name,
    index: plan.index,
    label,
    get pid() {
      return child.pid;
    },
    get httpUrl() {
      return url;
    },
    dataDir: plan.env.DATA_DIR ?? "",
    env,
    running: () => child.running(),
    output: () => child.lines.join("\n"),
    exited: () => child.exited,
    kill(signal = "SIGKILL") {
      expected = true;
      return child.stop(signal);
    },
    async restart() {
      expected = true;
      await child.stop("SIGTERM");
      launch();
      await instance.waitReady();
    },
    async waitReady(timeoutMs = plan.readyTimeoutMs) {
      const until = Date.now() + timeoutMs;
      let last = "no answer";
      while (Date.now() < until) {
        if (!child.running()) break;
        try {
          const res = await fetch(`${url}/readyz`);
          const body = await res.text();
          if (res.status === 200) return;
          last = `${res.status} ${body.slice(0, 500)}`;
        } catch (error) {
          last = (error as Error).message;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      const why = child.running() ? `not ready in ${timeoutMs} ms (last: ${last})` : "exited";
      throw new StackStartError(label, why, child.lines.slice(-60).join("\n"));
    },
  };

  launch();
  return instance;
}
