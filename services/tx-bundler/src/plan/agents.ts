import anchor from "@coral-xyz/anchor";
import { commitmentOf, fromHex, type ReadyPayloadOf } from "@pod/protocol";
import { podInstruction } from "@pod/program";
import type { PublicKey } from "@solana/web3.js";
import { ACCOUNT_BYTES, agentPda, key, PROTOCOL } from "./accounts.js";
import type { PlanContext } from "./context.js";
import type { Planned } from "./plan.js";

// Anchor's CommonJS build hides BN from Node's named-export detection.
const { BN } = anchor;

export const commitmentBytes = (hex: string) => [...(fromHex(hex) ?? new Uint8Array(32))];

function agentArgs(agent: string, capabilities: string, metadataUri: string, commitment: string) {
  return {
    agent: key(agent),
    capabilities: new BN(capabilities),
    metadata_uri: metadataUri,
    commitment: commitmentBytes(commitment),
  };
}

export function planRegisterAgent(
  ready: ReadyPayloadOf<"register_agent">,
  ctx: PlanContext,
): Planned {
  const r = ready.record;
  const target = agentPda(r.agent);
  const args = agentArgs(r.agent, r.body.capabilities, r.body.metadataUri, ready.commitment);
  return {
    type: "plan",
    plan: {
      kind: "instruction",
      build: (payer: PublicKey) =>
        podInstruction(
          "register_agent",
          { args },
          {
            payer,
            authority: ctx.authority,
            protocol: PROTOCOL,
            agent_account: target,
          },
        ),
      createdAccountBytes: [ACCOUNT_BYTES.agent],
      registered: [r.agent],
      target,
    },
  };
}

/**
 * A batch registers only the agents not on chain yet: the program refuses the whole batch when
 * one is (AgentAlreadyRegistered), and a redelivered batch must not fail for its own effect.
 */
export async function planRegisterAgents(
  ready: ReadyPayloadOf<"register_agents">,
  ctx: PlanContext,
): Promise<Planned> {
  const entries = ready.record.body.registrations;
  const registered = entries.map((e) => e.agent);
  const targets = entries.map((e) => agentPda(e.agent));
  const existing = await ctx.chain.accounts(targets);
  const missing = entries.filter((_, i) => existing[i] === null);
  if (missing.length === 0) return { type: "applied", target: targets[0]!, registered };
  const args = missing.map((e) =>
    agentArgs(e.agent, e.body.capabilities, e.body.metadataUri, commitmentOf(e)),
  );
  const remaining = missing.map((e) => ({
    pubkey: agentPda(e.agent),
    isWritable: true,
    isSigner: false,
  }));
  return {
    type: "plan",
    plan: {
      kind: "instruction",
      build: (payer: PublicKey) =>
        podInstruction(
          "register_agents",
          { entries: args },
          { payer, authority: ctx.authority, protocol: PROTOCOL },
          remaining,
        ),
      createdAccountBytes: missing.map(() => ACCOUNT_BYTES.agent),
      registered,
      target: agentPda(missing[0]!.agent),
    },
  };
}

/** update_agent writes both fields: an absent one keeps the value the chain holds. */
export async function planUpdateAgent(
  ready: ReadyPayloadOf<"update_agent">,
  ctx: PlanContext,
): Promise<Planned> {
  const r = ready.record;
  const target = agentPda(r.agent);
  let { capabilities, metadataUri } = r.body;
  if (capabilities === undefined || metadataUri === undefined) {
    const current = await ctx.chain.decoded("Agent", target);
    if (current === undefined) {
      return {
        type: "refused",
        code: "AGENT_NOT_REGISTERED",
        reason: `agent ${r.agent} is not registered on chain`,
      };
    }
    capabilities ??= String(current.capabilities);
    metadataUri ??= current.metadata_uri as string;
  }
  const args = {
    capabilities: new BN(capabilities),
    metadata_uri: metadataUri,
    commitment: commitmentBytes(ready.commitment),
  };
  return {
    type: "plan",
    plan: {
      kind: "instruction",
      build: () =>
        podInstruction("update_agent", args, {
          authority: ctx.authority,
          protocol: PROTOCOL,
          agent_account: target,
        }),
      createdAccountBytes: [],
      target,
    },
  };
}
