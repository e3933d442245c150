import { describe, expect, it } from "vitest";
import { pdas, PROGRAM_ID } from "../src/program.js";
import { podInstruction } from "../src/instructions.js";
import { eventsOf } from "./support/chain.js";
import { agentArgs, anchorErrorOf, bytes, keypair, Pod, BN } from "./support/pod.js";

interface AgentState {
  agent: { toBase58(): string };
  capabilities: { toString(): string };
  registered_at: { toNumber(): number };
  updated_at: { toNumber(): number };
  commitment: number[];
  payer: { toBase58(): string };
  metadata_uri: string;
}

describe("agents", () => {
  it("register_agent - the agent signing for itself creates its PDA", () => {
    const pod = Pod.create();
    const agent = keypair("alice");
    const r = pod.ok(pod.registerAgent(agent.publicKey, agent, 0xf0n, "ipfs://alice"), [agent]);

    const a = pod.chain.fetch<AgentState>("Agent", pdas.agent(agent.publicKey))!;
    expect(a.agent.toBase58()).toBe(agent.publicKey.toBase58());
    expect(a.capabilities.toString()).toBe("240");
    expect(a.metadata_uri).toBe("ipfs://alice");
    expect(a.payer.toBase58()).toBe(pod.payer.publicKey.toBase58());
    expect(a.registered_at.toNumber()).toBe(r.blockTime);
    const info = pod.chain.svm.getAccount(pdas.agent(agent.publicKey).toBase58())!;
    expect(info.data.length).toBe(261);
    expect(eventsOf(r)[0]?.name).toBe("AgentRegistered");
  });

  it("register_agent - a relayer registers for an agent and the commitment is stored", () => {
    const pod = Pod.create();
    const agent = keypair("bob").publicKey;
    const r = pod.ok(pod.registerAgent(agent, pod.relayer), [pod.relayer]);
    const a = pod.chain.fetch<AgentState>("Agent", pdas.agent(agent))!;
    expect(a.commitment).toEqual(bytes(9));
    const data = eventsOf(r)[0]?.data as { authority: { toBase58(): string } };
    expect(data.authority.toBase58()).toBe(pod.relayer.publicKey.toBase58());
  });

  it("register_agent - neither the agent nor a relayer is refused; nothing is created", () => {
    const pod = Pod.create();
    const agent = keypair("carol").publicKey;
    const intruder = keypair("mallory");
    const r = pod.send(pod.registerAgent(agent, intruder), [intruder]);
    expect(anchorErrorOf(r)?.error.errorCode.code).toBe("NotAgentOrRelayer");
    expect(pod.chain.raw(pdas.agent(agent))).toBeNull();
  });

  it("register_agents - many agents in one instruction, PDAs as remaining accounts", () => {
    const pod = Pod.create();
    const agents = [1, 2, 3, 4, 5].map((i) => keypair(`batch-${i}`).publicKey);
    const ix = podInstruction(
      "register_agents",
      { entries: agents.map((a, i) => agentArgs(a, BigInt(i), `ipfs://${i}`)) },
      { payer: pod.payer.publicKey, authority: pod.relayer.publicKey, protocol: pdas.protocol() },
      agents.map((a) => ({ pubkey: pdas.agent(a), isSigner: false, isWritable: true })),
    );
    const r = pod.ok(ix, [pod.relayer]);
    agents.forEach((a, i) => {
      const s = pod.chain.fetch<AgentState>("Agent", pdas.agent(a))!;
      expect(s.metadata_uri).toBe(`ipfs://${i}`);
      expect(s.capabilities.toString()).toBe(String(i));
    });
    expect(eventsOf(r).map((e) => e.name)).toEqual(Array(5).fill("AgentRegistered"));
  });

  it("update_agent - replaces capabilities and URI, stamps updated_at", () => {
    const pod = Pod.create();
    const agent = pod.agent("dave");
    pod.chain.svm.advanceSlots(1, BigInt(Math.floor(Date.now() / 1000) + 100));
    const ix = podInstruction(
      "update_agent",
      { capabilities: new BN(99), metadata_uri: "ar://new", commitment: bytes(1) },
      {
        authority: agent.publicKey,
        protocol: pdas.protocol(),
        agent_account: pdas.agent(agent.publicKey),
      },
    );
    const r = pod.ok(ix, [agent]);
    const a = pod.chain.fetch<AgentState>("Agent", pdas.agent(agent.publicKey))!;
    expect(a.capabilities.toString()).toBe("99");
    expect(a.metadata_uri).toBe("ar://new");
    expect(a.updated_at.toNumber()).toBeGreaterThan(a.registered_at.toNumber());
    expect(eventsOf(r)[0]?.name).toBe("AgentUpdated");
  });

  it("update_agent / close_agent - another agent cannot act for the owner", () => {
    const pod = Pod.create();
    const owner = pod.agent("erin");
    const other = pod.agent("frank");
    const before = pod.chain.raw(pdas.agent(owner.publicKey));
    const update = podInstruction(
      "update_agent",
      { capabilities: new BN(1), metadata_uri: "x", commitment: bytes(1) },
      {
        authority: other.publicKey,
        protocol: pdas.protocol(),
        agent_account: pdas.agent(owner.publicKey),
      },
    );
    expect(anchorErrorOf(pod.send(update, [other]))?.error.errorCode.code).toBe(
      "NotAgentOrRelayer",
    );
    const close = podInstruction(
      "close_agent",
      { commitment: bytes(1) },
      {
        authority: other.publicKey,
        protocol: pdas.protocol(),
        agent_account: pdas.agent(owner.publicKey),
        rent_receiver: pod.payer.publicKey,
      },
    );
    expect(anchorErrorOf(pod.send(close, [other]))?.error.errorCode.code).toBe("NotAgentOrRelayer");
    expect(pod.chain.raw(pdas.agent(owner.publicKey))).toEqual(before);
  });

  it("close_agent - closes the account, rent back to its payer, and the agent can register again", () => {
    const pod = Pod.create();
    const agent = pod.agent("gina");
    const address = pdas.agent(agent.publicKey);
    const rent = pod.chain.svm.getBalance(address.toBase58());
    const payerBefore = pod.chain.svm.getBalance(pod.payer.publicKey.toBase58());
    const ix = podInstruction(
      "close_agent",
      { commitment: bytes(2) },
      {
        authority: agent.publicKey,
        protocol: pdas.protocol(),
        agent_account: address,
        rent_receiver: pod.payer.publicKey,
      },
    );
    const r = pod.ok(ix, [agent]);
    expect(pod.chain.raw(address)).toBeNull();
    expect(pod.chain.svm.getBalance(pod.payer.publicKey.toBase58())).toBe(
      payerBefore + rent - r.fee,
    );
    expect(eventsOf(r)[0]?.name).toBe("AgentClosed");
    pod.ok(pod.registerAgent(agent.publicKey, agent), [agent]);
  });

  it("register_agent - an address someone pre-funded is topped up, allocated and assigned", () => {
    const pod = Pod.create();
    const agent = keypair("prefunded");
    const address = pdas.agent(agent.publicKey);
    pod.chain.fund(address, 1_000_000n);
    pod.ok(pod.registerAgent(agent.publicKey, agent), [agent]);
    const info = pod.chain.svm.getAccount(address.toBase58())!;
    expect(info.owner).toBe(PROGRAM_ID.toBase58());
    expect(info.lamports).toBe(pod.chain.svm.minimumBalanceForRentExemption(261));
    expect(pod.chain.fetch<AgentState>("Agent", address)!.agent.toBase58()).toBe(
      agent.publicKey.toBase58(),
    );
  });
});
