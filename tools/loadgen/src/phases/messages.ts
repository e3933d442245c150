import type { OpenLoopResult } from "../schedule/open-loop.js";
import type { Agent } from "../workload/agents.js";
import { largeText, smallText } from "../workload/content.js";
import type { Random } from "../workload/random.js";
import { prepareRequest, type PreparedRequest } from "../workload/requests.js";
import { runPhase, type PhaseContext } from "./phase-runner.js";

/** The mix of the message phase. */
export interface MessageMix {
  /** Share of send_direct (the rest post to a channel the sender joined). */
  directRatio: number;
  /** Share of messages whose content is large enough to go through IPFS. */
  largeRatio: number;
  /** Size of large content, bytes (each varies from half to one and a half of it). */
  largeBytes: number;
  /** Share of direct messages with an expiry (the per-account, closable record class). */
  expiringRatio: number;
}

const CONTENT_TYPE = "text/plain; charset=utf-8";
const EXPIRY_MS = 10 * 60_000;

/**
 * Sends direct and channel messages at `rate`: senders in turn (so the per-agent rate limit
 * sees rate / agents each), recipients and channels drawn from the seeded generator.
 */
export async function sendMessages(
  ctx: PhaseContext,
  agents: Agent[],
  mix: MessageMix,
  rng: Random,
  plan: { rate: number; count?: number; durationMs?: number },
): Promise<OpenLoopResult> {
  return runPhase(ctx, "message", plan, (i) => ({
    prepared: message(agents, i, mix, rng),
  }));
}

function message(agents: Agent[], index: number, mix: MessageMix, rng: Random): PreparedRequest {
  const sender = agents[index % agents.length] as Agent;
  const large = rng.chance(mix.largeRatio);
  const text = large
    ? largeText(rng, Math.round(mix.largeBytes * (0.5 + rng.next())))
    : smallText(rng);
  const ts = Date.now();
  if (sender.channels.length > 0 && !rng.chance(mix.directRatio)) {
    return prepareRequest(
      "post_channel",
      sender.keypair,
      { channel: rng.pick(sender.channels), content: { text }, contentType: CONTENT_TYPE },
      ts,
    );
  }
  let to = rng.pick(agents);
  if (to === sender) to = agents[(index + 1) % agents.length] as Agent;
  const expiring = rng.chance(mix.expiringRatio);
  return prepareRequest(
    "send_direct",
    sender.keypair,
    {
      to: to.address,
      content: { text },
      contentType: CONTENT_TYPE,
      ...(expiring ? { expiresAt: ts + EXPIRY_MS } : {}),
    },
    ts,
  );
}
