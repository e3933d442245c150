import {
  clockTicksPerSecond,
  parentMap,
  readProcStat,
  readRssBytes,
  treeOf,
} from "./proc-files.js";

/** A process to watch, by a name of the caller's choosing. */
export interface ProcessTarget {
  name: string;
  pid: number;
  /** Count this target's descendants too; default: the sampler's includeChildren. */
  children?: boolean;
}

/** One reading of one target (its whole process tree). */
export interface UsageSample {
  /** ms since the sampler started. */
  atMs: number;
  rssBytes: number;
  /** CPU used since the previous sample, in percent of one core (200 = two cores busy). */
  cpuPercent: number;
  /** Processes in the tree at this reading. */
  processes: number;
}

/** What a target used over the sampling window; means and peaks over the live readings. */
export interface ProcessUsage {
  name: string;
  pid: number;
  samples: number;
  rssPeakBytes: number;
  rssMeanBytes: number;
  cpuMeanPercent: number;
  cpuPeakPercent: number;
  /** CPU seconds used while sampled. */
  cpuSeconds: number;
  /** False when the process was gone at the last reading. */
  alive: boolean;
  series: UsageSample[];
}

interface TargetState {
  target: ProcessTarget;
  ticks: Map<number, number>;
  series: UsageSample[];
  cpuTicksTotal: number;
  alive: boolean;
}

export interface SamplerOptions {
  intervalMs?: number;
  /** Count the target's descendants too (a wrapper such as `pnpm exec` or `tsx`). Default true. */
  includeChildren?: boolean;
}

/**
 * Samples RSS (/proc/<pid>/status VmRSS) and CPU time (/proc/<pid>/stat utime + stime) of
 * named processes at a fixed interval. A target is measured as its whole process tree, so a
 * service started through a wrapper is measured as the program that does the work.
 */
export class ProcessSampler {
  private readonly states: TargetState[];
  private readonly intervalMs: number;
  private readonly includeChildren: boolean;
  private readonly hz = clockTicksPerSecond();
  private timer: NodeJS.Timeout | undefined;
  private origin = 0;
  private last = 0;

  constructor(targets: ProcessTarget[], options: SamplerOptions = {}) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.includeChildren = options.includeChildren ?? true;
    this.states = targets.map((target) => ({
      target,
      ticks: new Map(),
      series: [],
      cpuTicksTotal: 0,
      alive: true,
    }));
  }

  /** Takes a first reading (the CPU baseline) and then one every interval. */
  start(): void {
    if (this.timer !== undefined) return;
    this.origin = performance.now();
    this.sample(false);
    this.timer = setInterval(() => this.sample(true), this.intervalMs);
    this.timer.unref();
  }

  /** Takes a last reading and stops; returns what each target used. */
  stop(): ProcessUsage[] {
    if (this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.sample(true);
    }
    return this.usage();
  }

  /** The newest reading of each target, by name (for live display). */
  latest(): Map<string, UsageSample> {
    const out = new Map<string, UsageSample>();
    for (const state of this.states) {
      const sample = state.series.at(-1);
      if (sample !== undefined) out.set(state.target.name, sample);
    }
    return out;
  }

  usage(): ProcessUsage[] {
    return this.states.map((state) => {
      // Readings after the process ended say nothing about what it used while it ran.
      const live = state.series.filter((s) => s.processes > 0);
      const rss = live.map((s) => s.rssBytes);
      const cpu = live.map((s) => s.cpuPercent);
      return {
        name: state.target.name,
        pid: state.target.pid,
        samples: state.series.length,
        rssPeakBytes: rss.length === 0 ? 0 : Math.max(...rss),
        rssMeanBytes: mean(rss),
        cpuMeanPercent: mean(cpu),
        cpuPeakPercent: cpu.length === 0 ? 0 : Math.max(...cpu),
        cpuSeconds: state.cpuTicksTotal / this.hz,
        alive: state.alive,
        series: state.series,
      };
    });
  }

  private sample(record: boolean): void {
    const at = performance.now();
    const elapsedS = (at - this.last) / 1000;
    this.last = at;
    const parents = this.includeChildren ? parentMap() : undefined;
    for (const state of this.states) {
      const pids =
        parents === undefined || state.target.children === false
          ? [state.target.pid]
          : treeOf(state.target.pid, parents);
      const ticks = new Map<number, number>();
      let rssBytes = 0;
      let deltaTicks = 0;
      for (const pid of pids) {
        const stat = readProcStat(pid);
        const rss = readRssBytes(pid);
        if (stat === undefined || rss === undefined) continue;
        const used = stat.utime + stat.stime;
        ticks.set(pid, used);
        rssBytes += rss;
        // A process that appeared since the last reading used all its ticks inside the window.
        deltaTicks += used - (state.ticks.get(pid) ?? (record ? 0 : used));
      }
      state.ticks = ticks;
      state.alive = ticks.has(state.target.pid);
      if (!record) continue;
      state.cpuTicksTotal += deltaTicks;
      const cpuPercent = elapsedS > 0 ? (deltaTicks / this.hz / elapsedS) * 100 : 0;
      state.series.push({
        atMs: Math.round(at - this.origin),
        rssBytes,
        cpuPercent: Math.round(cpuPercent * 10) / 10,
        processes: ticks.size,
      });
    }
  }
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
