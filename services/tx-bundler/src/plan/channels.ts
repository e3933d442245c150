import { channelId, type ReadyPayloadOf } from "@pod/protocol";
import { podInstruction } from "@pod/program";
import type { PublicKey } from "@solana/web3.js";
import { commitmentBytes } from "./agents.js";
import { ACCOUNT_BYTES, agentPda, channelPdaOfId, membershipPda, PROTOCOL } from "./accounts.js";
import type { PlanContext } from "./context.js";
import type { Planned } from "./plan.js";

export function planCreateChannel(
  ready: ReadyPayloadOf<"create_channel">,
  ctx: PlanContext,
): Planned {
  const r = ready.record;
  const channel = channelPdaOfId(channelId(r.body.name));
  const creator = agentPda(r.agent);
  const args = {
    name: r.body.name,
    visibility: r.body.visibility === "invite_only" ? { InviteOnly: {} } : { Public: {} },
    max_participants: r.body.maxParticipants,
    commitment: commitmentBytes(ready.commitment),
  };
  return {
    type: "plan",
    plan: {
      kind: "instruction",
      build: (payer: PublicKey) =>
        podInstruction("create_channel", args, {
          payer,
          authority: ctx.authority,
          protocol: PROTOCOL,
          creator,
          channel,
        }),
      createdAccountBytes: [ACCOUNT_BYTES.channel],
      target: channel,
    },
  };
}

/**
 * The chain lets a relayer add anyone to an invite-only channel, trusting it to have checked
 * the invite: ingest verified its signature, and here its inviter must be the channel's creator.
 */
export async function planJoinChannel(
  ready: ReadyPayloadOf<"join_channel">,
  ctx: PlanContext,
): Promise<Planned> {
  const r = ready.record;
  const channel = channelPdaOfId(r.body.channel);
  const state = await ctx.chain.decoded("Channel", channel);
  if (state !== undefined && "InviteOnly" in (state.visibility as object)) {
    const creator = (state.creator as PublicKey).toBase58();
    if (r.body.invite === undefined || r.body.invite.inviter !== creator) {
      return {
        type: "refused",
        code: "INVITE_REQUIRED",
        reason: `channel ${r.body.channel} is invite-only and the request carries no invite from its creator ${creator}`,
      };
    }
  }
  const membership = membershipPda(r.body.channel, r.agent);
  const args = { commitment: commitmentBytes(ready.commitment) };
  return {
    type: "plan",
    plan: {
      kind: "instruction",
      build: (payer: PublicKey) =>
        podInstruction("join_channel", args, {
          payer,
          authority: ctx.authority,
          protocol: PROTOCOL,
          agent_account: agentPda(r.agent),
          channel,
          membership,
        }),
      createdAccountBytes: [ACCOUNT_BYTES.membership],
      target: membership,
    },
  };
}

/** Leaving returns the membership's rent to whoever paid it, which only the chain knows. */
export async function planLeaveChannel(
  ready: ReadyPayloadOf<"leave_channel">,
  ctx: PlanContext,
): Promise<Planned> {
  const r = ready.record;
  const channel = channelPdaOfId(r.body.channel);
  const membership = membershipPda(r.body.channel, r.agent);
  const state = await ctx.chain.decoded("Membership", membership);
  if (state === undefined) {
    // Gone: left before (its history says so), or never joined.
    const earlier = await ctx.chain.latestSignatureOf(membership);
    if (earlier) return { type: "applied", target: membership };
    return {
      type: "refused",
      code: "NOT_MEMBER",
      reason: `agent ${r.agent} is not a member of channel ${r.body.channel}`,
    };
  }
  const args = { commitment: commitmentBytes(ready.commitment) };
  return {
    type: "plan",
    plan: {
      kind: "instruction",
      build: () =>
        podInstruction("leave_channel", args, {
          authority: ctx.authority,
          protocol: PROTOCOL,
          agent_account: agentPda(r.agent),
          channel,
          membership,
          rent_receiver: state.payer as PublicKey,
        }),
      createdAccountBytes: [],
      target: membership,
    },
  };
}
