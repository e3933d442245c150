import { cpus, loadavg } from "node:os";
import type { BaselineFigures } from "../baseline/naive-client.js";
import type { StageBacklog } from "../pipeline/backlog.js";
import type { PhaseFigures, PhaseName } from "../pipeline/phase-stats.js";
import type { ProcessUsage } from "../proc/sampler.js";
import type { OpenLoopResult } from "../schedule/open-loop.js";
import type { TargetCheck } from "./targets.js";

/** A phase's figures with what its schedule offered. */
export interface PhaseReport extends PhaseFigures {
  schedule: Omit<OpenLoopResult, "errors"> & { rate: number };
}

/** The pipeline beside the naive client, message for message. */
export interface Comparison {
  pipelinePerSec: number;
  baselinePerSec: number;
  /** pipeline / baseline. */
  throughputRatio: number;
  pipelineP50Ms: number;
  baselineP50Ms: number;
  pipelineP99Ms: number;
  baselineP99Ms: number;
  pipelineLamportsPerMessage: number;
  baselineLamportsPerMessage: number;
  /** baseline / pipeline: how many times cheaper a message is through the pipeline. */
  costRatio: number;
}

export interface LoadReport {
  tool: "@pod/loadgen";
  at: string;
  environment: {
    node: string;
    cpus: number;
    loadAverageStart: number[];
    loadAverageEnd: number[];
    natsUrl: string;
    rpcUrl?: string;
    spawned: boolean;
  };
  config: Record<string, unknown>;
  phases: Partial<Record<PhaseName, PhaseReport>>;
  processes: ProcessUsage[];
  /** Work waiting at each stage's consumer, read every second. */
  backlog: StageBacklog[];
  baseline?: BaselineFigures | { skipped: string };
  comparison?: Comparison;
  targets: TargetCheck[];
  /** Events on the stream this run did not publish (another client's traffic). */
  foreignEvents: number;
}

export function environment(
  natsUrl: string,
  rpcUrl: string | undefined,
  spawned: boolean,
  loadAverageStart: number[],
): LoadReport["environment"] {
  return {
    node: process.version,
    cpus: cpus().length,
    loadAverageStart,
    loadAverageEnd: loadavg(),
    natsUrl,
    ...(rpcUrl === undefined ? {} : { rpcUrl }),
    spawned,
  };
}

export function compare(messages: PhaseFigures, baseline: BaselineFigures): Comparison {
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
  return {
    pipelinePerSec: messages.sustainedPerSec,
    baselinePerSec: baseline.confirmedPerSec,
    throughputRatio: ratio(messages.sustainedPerSec, baseline.confirmedPerSec),
    pipelineP50Ms: messages.latency.p50Ms,
    baselineP50Ms: baseline.latency.p50Ms,
    pipelineP99Ms: messages.latency.p99Ms,
    baselineP99Ms: baseline.latency.p99Ms,
    pipelineLamportsPerMessage: messages.lamportsPerMessage,
    baselineLamportsPerMessage: baseline.lamportsPerMessage,
    costRatio: ratio(baseline.lamportsPerMessage, messages.lamportsPerMessage),
  };
}
