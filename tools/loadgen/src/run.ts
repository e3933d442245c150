import { loadavg } from "node:os";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { runBaseline, type BaselineFigures } from "./baseline/naive-client.js";
import { protocolLimits } from "./pipeline/chain-limits.js";
import { BacklogSampler, type StageBacklog } from "./pipeline/backlog.js";
import { followEvents } from "./pipeline/event-feed.js";
import type { PhaseName } from "./pipeline/phase-stats.js";
import { RequestPublisher } from "./pipeline/publisher.js";
import { Tracker, type Progress } from "./pipeline/tracker.js";
import { ProcessSampler, type ProcessTarget, type UsageSample } from "./proc/sampler.js";
import { sendMessages, type MessageMix } from "./phases/messages.js";
import type { PhaseContext } from "./phases/phase-runner.js";
import { createChannels, joinChannels, registerAgents } from "./phases/setup.js";
import { compare, environment, type LoadReport, type PhaseReport } from "./report/report.js";
import { checkTargets } from "./report/targets.js";
import type { OpenLoopResult } from "./schedule/open-loop.js";
import { makeAgents } from "./workload/agents.js";
import { Random } from "./workload/random.js";
import { SERVICES } from "@pod/protocol";

export interface LoadOptions {
  agents: number;
  /** Messages in all; with durationS, whichever ends first. */
  messages?: number;
  /** Target message rate per second. */
  rate: number;
  durationS?: number;
  channels: number;
  joinsPerAgent: number;
  /** Rate of the registration, channel and join phases. */
  setupRate: number;
  mix: MessageMix;
  maxOutstanding: number;
  drainTimeoutMs: number;
  seed: number;
  natsUrl: string;
  rpcUrl?: string;
  wsUrl?: string;
  /** The processes to sample (services, chain, broker). */
  processes: ProcessTarget[];
  spawned: boolean;
  /** Run the naive client after the pipeline; undefined skips it. */
  baseline?: { clients: number; durationMs: number; adminKeypairPath?: string };
  observer?: RunObserver;
}

/** Live view of a run (the CLI's progress display). */
export interface RunObserver {
  phase?(
    phase: PhaseName | "baseline",
    state: "started" | "sending-done" | "ended",
    total: number,
  ): void;
  tick?(
    phase: PhaseName,
    progress: Progress,
    usage: Map<string, UsageSample>,
    backlog: Map<string, number>,
  ): void;
  baselineMessage?(confirmed: number): void;
  note?(text: string): void;
}

const TICK_MS = 250;

/**
 * Runs the whole benchmark against a running pipeline: registration, channels, joins,
 * messages, each measured from the intended send time to record.confirmed, with the
 * pipeline's processes sampled throughout; then the naive client on the same chain.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const loadAverageStart = loadavg();
  const since = new Date(Date.now() - 1000);
  const nc: NatsConnection = await connect({
    servers: options.natsUrl.split(","),
    name: "loadgen",
  });
  const tracker = new Tracker();
  const feed = await followEvents(nc, tracker, since);
  const sampler = new ProcessSampler([
    ...options.processes,
    { name: "loadgen", pid: process.pid, children: false },
  ]);
  sampler.start();
  const backlog = new BacklogSampler(nc);
  await backlog.start();
  let current: PhaseName | undefined;
  const ticker = setInterval(() => {
    if (current !== undefined) {
      const progress = tracker.progress(current);
      options.observer?.tick?.(current, progress, sampler.latest(), backlog.latest());
    }
  }, TICK_MS);
  const ctx: PhaseContext = {
    publisher: new RequestPublisher(nc, tracker),
    tracker,
    maxOutstanding: options.maxOutstanding,
    drainTimeoutMs: options.drainTimeoutMs,
    onPhase: (phase, state, total) => {
      current = phase;
      options.observer?.phase?.(phase, state, total);
    },
  };
  let stages: StageBacklog[];
  const schedules: Partial<Record<PhaseName, { result: OpenLoopResult; rate: number }>> = {};
  const rng = new Random(options.seed);
  const runId = `${Date.now().toString(36)}-${options.seed.toString(36)}`;

  try {
    const agents = makeAgents(options.agents);
    const reg = await registerAgents(ctx, agents, options.setupRate);
    schedules.register = { result: reg.schedule, rate: options.setupRate };

    if (options.channels > 0) {
      const limits =
        options.rpcUrl === undefined ? undefined : await protocolLimits(options.rpcUrl);
      const maxParticipants = Math.max(
        2,
        Math.min(limits?.maxChannelParticipants ?? 10_000, options.agents + 1, 10_000),
      );
      const created = await createChannels(
        ctx,
        runId,
        reg.registered,
        options.channels,
        maxParticipants,
        options.setupRate,
      );
      schedules.create_channel = { result: created.schedule, rate: options.setupRate };
      if (created.created.length > 0 && options.joinsPerAgent > 0) {
        const joined = await joinChannels(
          ctx,
          reg.registered,
          created.created,
          Math.min(options.joinsPerAgent, maxParticipants),
          options.setupRate,
        );
        schedules.join = { result: joined.schedule, rate: options.setupRate };
      }
    }

    const messages = await sendMessages(ctx, reg.registered, options.mix, rng, {
      rate: options.rate,
      count: options.messages,
      durationMs: options.durationS === undefined ? undefined : options.durationS * 1000,
    });
    schedules.message = { result: messages, rate: options.rate };
  } finally {
    clearInterval(ticker);
    stages = backlog.stop();
    await feed.stop().catch(() => {});
    await nc.close().catch(() => {});
  }
  const processes = sampler.stop();

  const phases: Partial<Record<PhaseName, PhaseReport>> = {};
  for (const [name, s] of Object.entries(schedules) as [
    PhaseName,
    { result: OpenLoopResult; rate: number },
  ][]) {
    const { errors: _errors, ...schedule } = s.result;
    phases[name] = { ...tracker.phase(name).figures(), schedule: { ...schedule, rate: s.rate } };
  }

  let baseline: BaselineFigures | { skipped: string } | undefined;
  if (options.baseline !== undefined) {
    baseline = await baselineOrReason(options, options.baseline);
  }
  const report: LoadReport = {
    tool: "@pod/loadgen",
    at: new Date().toISOString(),
    environment: environment(options.natsUrl, options.rpcUrl, options.spawned, loadAverageStart),
    config: configOf(options),
    phases,
    processes,
    backlog: stages,
    targets: checkTargets(phases, processes, new Set(SERVICES)),
    foreignEvents: tracker.foreign,
  };
  if (baseline !== undefined) report.baseline = baseline;
  if (baseline !== undefined && "confirmed" in baseline && phases.message !== undefined) {
    report.comparison = compare(phases.message, baseline);
  }
  return report;
}

async function baselineOrReason(
  options: LoadOptions,
  baseline: NonNullable<LoadOptions["baseline"]>,
): Promise<BaselineFigures | { skipped: string }> {
  if (options.rpcUrl === undefined)
    return { skipped: "no --rpc-url: the baseline writes to the chain" };
  options.observer?.phase?.("baseline", "started", 0);
  try {
    return await runBaseline({
      rpcUrl: options.rpcUrl,
      ...(options.wsUrl === undefined ? {} : { wsUrl: options.wsUrl }),
      clients: baseline.clients,
      durationMs: baseline.durationMs,
      ...(baseline.adminKeypairPath === undefined
        ? {}
        : { adminKeypairPath: baseline.adminKeypairPath }),
      seed: options.seed,
      onMessage: (n) => options.observer?.baselineMessage?.(n),
    });
  } catch (error) {
    return { skipped: `${(error as Error).name}: ${(error as Error).message}` };
  } finally {
    options.observer?.phase?.("baseline", "ended", 0);
  }
}

function configOf(options: LoadOptions): Record<string, unknown> {
  const { observer: _o, processes, ...rest } = options;
  return { ...rest, processes: processes.map((p) => `${p.name}=${p.pid}`) };
}
