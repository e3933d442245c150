import type { Command } from "commander";
import { parseDuration } from "../config.js";
import { Context } from "../context.js";
import { usageError } from "../errors.js";

/** `pod top`: the metrics service's summary, redrawn every --interval until Ctrl-C. */
export function registerTop(program: Command): void {
  program
    .command("top")
    .description("live pipeline summary from the metrics service (Ctrl-C to stop)")
    .option("--interval <duration>", "refresh period", "1s")
    .option("-n, --iterations <n>", "stop after n frames (default: until Ctrl-C)")
    .option("--window <w>", "window of the latency, rejection and cost sections", "5m")
    .action(
      async (opts: { interval: string; iterations?: string; window: string }, command: Command) => {
        const ctx = Context.of(command);
        const intervalMs = parseDuration(opts.interval, "--interval");
        const iterations = opts.iterations === undefined ? Infinity : Number(opts.iterations);
        if (iterations !== Infinity && !(Number.isInteger(iterations) && iterations >= 1)) {
          throw usageError(`--iterations must be a positive integer, got "${opts.iterations}"`);
        }
        const { fetchSummary, renderTop, SUMMARY_WINDOWS } = await import("@pod/dashboard");
        if (!(SUMMARY_WINDOWS as readonly string[]).includes(opts.window)) {
          throw usageError(`--window must be one of ${SUMMARY_WINDOWS.join(", ")}`);
        }
        const window = opts.window as (typeof SUMMARY_WINDOWS)[number];

        const abort = new AbortController();
        const stop = () => abort.abort();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        const redraw = ctx.out.isTTY && !ctx.out.json;
        try {
          for (let frame = 0; frame < iterations && !abort.signal.aborted; frame++) {
            const started = Date.now();
            const summary = await fetchSummary(ctx.config.metricsUrl, {
              timeoutMs: Math.min(ctx.config.timeoutMs, 5_000),
            });
            if (ctx.out.json) {
              ctx.out.data(summary);
            } else {
              const text = renderTop(summary, {
                width: ctx.out.width,
                color: ctx.out.color.isColorSupported,
                window,
              });
              // Cursor home and clear: each frame replaces the last instead of scrolling.
              if (redraw) process.stdout.write(`\x1b[H\x1b[2J`);
              ctx.out.line(text);
            }
            if (frame + 1 < iterations)
              await sleep(intervalMs - (Date.now() - started), abort.signal);
          }
        } finally {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
        }
      },
    );
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
