import cliProgress from "cli-progress";
import type { PhaseName } from "../pipeline/phase-stats.js";
import type { Progress } from "../pipeline/tracker.js";
import type { UsageSample } from "../proc/sampler.js";
import type { RunObserver } from "../run.js";

const MB = 1024 * 1024;

function usageLine(usage: Map<string, UsageSample>): string {
  return [...usage.entries()]
    .map(([name, s]) => `${name} ${s.cpuPercent.toFixed(0)}% ${(s.rssBytes / MB).toFixed(0)}M`)
    .join("  ");
}

function backlogLine(backlog: Map<string, number>): string {
  return [...backlog.entries()].map(([stage, n]) => `${stage} ${n}`).join("  ");
}

/**
 * The live display: one bar per phase (sent of total, with confirmations and failures so
 * far), a line of CPU and RSS per process and one of each stage's backlog. Without a TTY it
 * prints a plain line every 5 s instead.
 */
export function progressObserver(tty: boolean): RunObserver & { stop(): void } {
  if (!tty) return plainObserver();
  const bars = new cliProgress.MultiBar(
    {
      format:
        "{phase} |{bar}| {value}/{total} sent  confirmed {confirmed}  rejected {rejected}  " +
        "failed {failed}  in flight {pending}",
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      fps: 4,
    },
    cliProgress.Presets.shades_classic,
  );
  const usage = bars.create(1, 0, { text: "" }, { format: "{text}" });
  const backlog = bars.create(1, 0, { text: "" }, { format: "{text}" });
  const phaseBars = new Map<string, cliProgress.SingleBar>();
  const bar = (phase: string, total: number) => {
    let b = phaseBars.get(phase);
    if (b === undefined) {
      b = bars.create(Math.max(total, 1), 0, {
        phase: phase.padEnd(14),
        confirmed: 0,
        rejected: 0,
        failed: 0,
        pending: 0,
      });
      phaseBars.set(phase, b);
    }
    return b;
  };
  return {
    phase(phase, state, total) {
      if (phase === "baseline") {
        if (state === "started") bar("baseline", 1);
        return;
      }
      if (state === "started") bar(phase, total);
    },
    tick(phase: PhaseName, p: Progress, u, b) {
      bar(phase, p.published).update(p.published, { ...p });
      usage.update(0, { text: `  cpu/rss  ${usageLine(u)}` });
      backlog.update(0, { text: `  backlog  ${backlogLine(b)}` });
    },
    baselineMessage(confirmed) {
      const b = bar("baseline", 1);
      b.setTotal(confirmed);
      b.update(confirmed, { confirmed });
    },
    note(text) {
      bars.log(`${text}\n`);
    },
    stop() {
      bars.stop();
    },
  };
}

function plainObserver(): RunObserver & { stop(): void } {
  let last = 0;
  return {
    phase(phase, state, total) {
      console.log(`[loadgen] ${phase} ${state}${total > 0 ? ` (${total})` : ""}`);
    },
    tick(phase, p, u, b) {
      const now = Date.now();
      if (now - last < 5000) return;
      last = now;
      console.log(
        `[loadgen] ${phase} sent ${p.published} confirmed ${p.confirmed} rejected ${p.rejected} ` +
          `failed ${p.failed} in flight ${p.pending} | ${usageLine(u)} | backlog ${backlogLine(b)}`,
      );
    },
    note(text) {
      console.log(`[loadgen] ${text}`);
    },
    stop() {},
  };
}
