import type { PhaseFigures } from "../pipeline/phase-stats.js";
import type { ProcessUsage } from "../proc/sampler.js";

/** One target the pipeline is held to, and how this run did against it. */
export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

export const TARGETS = {
  messagesPerSec: 1000,
  sustainedSeconds: 60,
  messageP99Ms: 500,
  registrationP99Ms: 2000,
  channelP99Ms: 1000,
  serviceRssBytes: 100 * 1024 * 1024,
} as const;

/** The pipeline's targets (2-core machine, local chain), checked against this run. */
export function checkTargets(
  phases: Partial<Record<string, PhaseFigures>>,
  processes: ProcessUsage[],
  serviceNames: ReadonlySet<string>,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const messages = phases.message;
  if (messages !== undefined) {
    checks.push({
      name: "message throughput",
      target: `>= ${TARGETS.messagesPerSec} confirmed/s sustained for ${TARGETS.sustainedSeconds} s`,
      measured: `${messages.sustainedPerSec.toFixed(0)}/s sustained over ${messages.seconds.toFixed(0)} s`,
      met:
        messages.sustainedPerSec >= TARGETS.messagesPerSec &&
        messages.seconds >= TARGETS.sustainedSeconds &&
        messages.unsettled === 0,
    });
    checks.push(latencyCheck("message latency", messages, TARGETS.messageP99Ms));
  }
  if (phases.register !== undefined) {
    checks.push(latencyCheck("registration latency", phases.register, TARGETS.registrationP99Ms));
  }
  if (phases.create_channel !== undefined) {
    checks.push(
      latencyCheck("channel creation latency", phases.create_channel, TARGETS.channelP99Ms),
    );
  }
  for (const usage of processes) {
    if (!serviceNames.has(usage.name.split("#")[0] ?? usage.name)) continue;
    checks.push({
      name: `${usage.name} RSS`,
      target: `< ${TARGETS.serviceRssBytes / 1024 / 1024} MB`,
      measured: `${(usage.rssPeakBytes / 1024 / 1024).toFixed(0)} MB peak`,
      met: usage.rssPeakBytes < TARGETS.serviceRssBytes,
    });
  }
  return checks;
}

function latencyCheck(name: string, phase: PhaseFigures, p99Ms: number): TargetCheck {
  const complete = phase.confirmed > 0 && phase.unsettled === 0;
  return {
    name,
    target: `p99 < ${p99Ms} ms`,
    measured:
      `p99 ${phase.latency.p99Ms.toFixed(0)} ms (${phase.confirmed} confirmed` +
      (phase.unsettled > 0 ? `, ${phase.unsettled} never confirmed` : "") +
      ")",
    met: complete && phase.latency.p99Ms < p99Ms,
  };
}
