import { PhaseError } from "../errors.js";
import type { OpenLoopResult } from "../schedule/open-loop.js";
import { channelsToJoin, makeChannels, type Agent, type Channel } from "../workload/agents.js";
import { prepareRequest } from "../workload/requests.js";
import { runPhase, type PhaseContext } from "./phase-runner.js";

/** Registers every agent; resolves with those whose registration was confirmed. */
export async function registerAgents(
  ctx: PhaseContext,
  agents: Agent[],
  rate: number,
): Promise<{ registered: Agent[]; schedule: OpenLoopResult }> {
  const registered: Agent[] = [];
  const schedule = await runPhase(ctx, "register", { rate, count: agents.length }, (i) => {
    const agent = agents[i] as Agent;
    return {
      prepared: prepareRequest("register_agent", agent.keypair, {
        capabilities: String(1 + (i % 7)),
        metadataUri: `https://agents.example/${agent.address}.json`,
      }),
      onOutcome: (o) => {
        if (o.status === "confirmed") registered.push(agent);
      },
    };
  });
  if (registered.length < 2) {
    throw new PhaseError(
      "register",
      `${registered.length} of ${agents.length} registrations confirmed; messages need at least 2 agents`,
    );
  }
  return { registered, schedule };
}

/** Creates `count` channels, each by one registered agent; resolves with the confirmed ones. */
export async function createChannels(
  ctx: PhaseContext,
  runId: string,
  agents: Agent[],
  count: number,
  maxParticipants: number,
  rate: number,
): Promise<{ created: Channel[]; schedule: OpenLoopResult }> {
  const channels = makeChannels(runId, count, agents);
  const created: Channel[] = [];
  const schedule = await runPhase(ctx, "create_channel", { rate, count }, (i) => {
    const channel = channels[i] as Channel;
    return {
      prepared: prepareRequest("create_channel", channel.creator.keypair, {
        name: channel.name,
        visibility: "public",
        maxParticipants,
        description: `load test channel ${i}`,
      }),
      onOutcome: (o) => {
        if (o.status === "confirmed") created.push(channel);
      },
    };
  });
  return { created, schedule };
}

/**
 * Every agent joins `perAgent` of the channels (creators included: creating a channel does
 * not make its creator a member); a confirmed join lets the agent post there.
 */
export async function joinChannels(
  ctx: PhaseContext,
  agents: Agent[],
  channels: Channel[],
  perAgent: number,
  rate: number,
): Promise<{ joins: number; schedule: OpenLoopResult }> {
  const plan = agents.flatMap((agent, index) =>
    channelsToJoin(index, channels, perAgent).map((channel) => ({ agent, channel })),
  );
  let joins = 0;
  const schedule = await runPhase(ctx, "join", { rate, count: plan.length }, (i) => {
    const { agent, channel } = plan[i] as { agent: Agent; channel: Channel };
    return {
      prepared: prepareRequest("join_channel", agent.keypair, { channel: channel.id }),
      onOutcome: (o) => {
        if (o.status !== "confirmed") return;
        agent.channels.push(channel.id);
        joins++;
      },
    };
  });
  return { joins, schedule };
}
