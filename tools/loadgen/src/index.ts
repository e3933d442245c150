// The public face of @pod/loadgen: the run, its pieces and the report's shape.
export { runLoad, type LoadOptions, type RunObserver } from "./run.js";
export { runOpenLoop, type OpenLoopOptions, type OpenLoopResult } from "./schedule/open-loop.js";
export { LatencyHistogram, mergedHistogram, type LatencySummary } from "./stats/histogram.js";
export {
  ProcessSampler,
  type ProcessTarget,
  type ProcessUsage,
  type UsageSample,
} from "./proc/sampler.js";
export { discoverPipelineProcesses } from "./proc/discover.js";
export {
  runBaseline,
  type BaselineFigures,
  type BaselineOptions,
} from "./baseline/naive-client.js";
export { spawnStack, type SpawnedStack } from "./stack/spawn-stack.js";
export type { LoadReport, PhaseReport, Comparison } from "./report/report.js";
export { TARGETS, type TargetCheck } from "./report/targets.js";
export * from "./errors.js";
