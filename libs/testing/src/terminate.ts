import type { ChildProcess } from "node:child_process";

/** How long a server fixture gets to exit on its signal before it is SIGKILLed. */
export const STOP_GRACE_MS = 5_000;

/** Sends `signal` and resolves once the child exited, SIGKILLing it after the grace. */
export function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}
