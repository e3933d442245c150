import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { startStack, type Stack, type StackOptions } from "@pod/stack";
import { StackError } from "../errors.js";
import type { ProcessTarget } from "../proc/sampler.js";

/** A stack this tool started, with what the benchmark needs of it. */
export interface SpawnedStack {
  natsUrl: string;
  rpcUrl: string;
  wsUrl?: string;
  adminKeypairPath?: string;
  processes: ProcessTarget[];
  stop(): Promise<void>;
}

/**
 * Starts nats-server, the local chain and the six services (embedded defaults, temporary
 * data dir) and names their pids for the sampler.
 */
export async function spawnStack(
  options: Pick<StackOptions, "env" | "serviceEnv" | "services" | "chainArgs"> & {
    /** Write every process's output to `<logDir>/<process>.log` (the stack keeps only a tail). */
    logDir?: string;
  } = {},
): Promise<SpawnedStack> {
  const { logDir, ...stackOptions } = options;
  if (logDir !== undefined) mkdirSync(logDir, { recursive: true });
  let stack: Stack;
  try {
    stack = await startStack({
      ...stackOptions,
      ...(logDir === undefined
        ? {}
        : {
            // Synchronous appends keep the lines in order; the services log little per message.
            onLine: (name: string, line: string) =>
              appendFileSync(join(logDir, `${name.replace(/[^\w#.-]/g, "_")}.log`), `${line}\n`),
          }),
    });
  } catch (cause) {
    throw new StackError(`the stack did not start: ${(cause as Error).message}`, { cause });
  }
  const processes: ProcessTarget[] = stack.services.map((s) => ({ name: s.label, pid: s.pid }));
  if (stack.chainPid !== undefined) processes.push({ name: "local-chain", pid: stack.chainPid });
  if (stack.natsPid !== undefined) processes.push({ name: "nats-server", pid: stack.natsPid });
  return {
    natsUrl: stack.natsUrl,
    rpcUrl: stack.rpcUrl,
    ...(stack.wsUrl === undefined ? {} : { wsUrl: stack.wsUrl }),
    ...(stack.adminKeypairPath === undefined ? {} : { adminKeypairPath: stack.adminKeypairPath }),
    processes,
    stop: () => stack.stop(),
  };
}
