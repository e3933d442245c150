import type { Logger } from "pino";

/** One step of a shutdown, run in order; `name` shows up in logs when it overruns. */
export interface ShutdownStep {
  name: string;
  run(remainingMs: number): Promise<unknown> | unknown;
}

export interface ShutdownOutcome {
  /** True when every step finished inside the grace period. */
  clean: boolean;
  elapsedMs: number;
  /** Steps that failed (they do not stop later steps from running). */
  failed: { step: string; error: string }[];
  /** The step still running when the grace period ran out, and those never started. */
  unfinished: string[];
}

/**
 * Runs `steps` in order within `graceMs`. A failing step is logged and the next one still
 * runs; when the grace runs out the sequence is abandoned and the outcome says what was left.
 */
export async function runShutdown(
  steps: readonly ShutdownStep[],
  graceMs: number,
  log: Logger,
): Promise<ShutdownOutcome> {
  const started = Date.now();
  const failed: ShutdownOutcome["failed"] = [];
  let index = 0;

  const sequence = (async () => {
    for (; index < steps.length; index++) {
      const step = steps[index]!;
      const stepStarted = Date.now();
      try {
        await step.run(Math.max(0, graceMs - (Date.now() - started)));
        log.debug({ event: "shutdown_step", step: step.name, ms: Date.now() - stepStarted });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failed.push({ step: step.name, error: message });
        log.warn({ event: "shutdown_step_failed", step: step.name, err: error }, message);
      }
    }
  })();

  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<"expired">((done) => {
    timer = setTimeout(() => done("expired"), graceMs);
  });
  const outcome = await Promise.race([sequence.then(() => "done" as const), expired]);
  clearTimeout(timer);

  const unfinished = outcome === "done" ? [] : steps.slice(index).map((s) => s.name);
  return {
    clean: outcome === "done" && failed.length === 0,
    elapsedMs: Date.now() - started,
    failed,
    unfinished,
  };
}
