import type { Keypair } from "@solana/web3.js";
import { Ed25519Program, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import { Rent } from "litesvm";
import { describe, expect, it } from "vitest";
import type { ExecutionResult } from "@pod/svm";
import { podInstruction } from "../src/instructions.js";
import { loadIdl, pdas, PROGRAM_ID } from "../src/program.js";
import {
  agentArgs,
  anchorErrorOf,
  bytes,
  customCodeOf,
  DEFAULT_LIMITS,
  keypair,
  Pod,
  requestId,
  BN,
} from "./support/pod.js";
import { records } from "./support/records.js";

type Scenario = () => ExecutionResult;

const withChannel = (opts: { inviteOnly?: boolean; max?: number } = {}) => {
  const pod = Pod.create();
  const alice = pod.agent("alice");
  const bob = pod.agent("bob");
  pod.ok(pod.createChannel("general", alice.publicKey, alice, opts.inviteOnly, opts.max), [alice]);
  return { pod, alice, bob };
};

const withMessage = () => {
  const pod = Pod.create();
  const alice = pod.agent("alice");
  const bob = pod.agent("bob");
  const id = requestId("msg");
  pod.ok(pod.sendMessage(id, alice.publicKey, bob.publicKey, alice), [alice]);
  return { pod, alice, bob, id };
};

const updateAgent = (
  pod: Pod,
  authority: Keypair,
  agentAccount = pdas.agent(authority.publicKey),
) =>
  podInstruction(
    "update_agent",
    { capabilities: new BN(1), metadata_uri: "x", commitment: bytes(1) },
    { authority: authority.publicKey, protocol: pdas.protocol(), agent_account: agentAccount },
  );

const registerMany = (pod: Pod, n: number) =>
  podInstruction(
    "register_agents",
    { entries: Array.from({ length: n }, (_, i) => agentArgs(keypair(`many-${i}`).publicKey)) },
    { payer: pod.payer.publicKey, authority: pod.relayer.publicKey, protocol: pdas.protocol() },
    Array.from({ length: n }, (_, i) => ({
      pubkey: pdas.agent(keypair(`many-${i}`).publicKey),
      isSigner: false,
      isWritable: true,
    })),
  );

/** For every error of the IDL, a transaction that must fail with exactly it. */
const scenarios: Record<string, Scenario> = {
  InstructionUnknown: () => {
    const pod = Pod.create();
    const data = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);
    return pod.send(new TransactionInstruction({ programId: PROGRAM_ID, keys: [], data }));
  },
  InstructionDataInvalid: () => {
    const pod = Pod.create({ init: false });
    const ix = pod.initialize();
    ix.data = ix.data.subarray(0, ix.data.length - 1);
    return pod.send(ix, [pod.admin]);
  },
  AccountsMissing: () => {
    const pod = Pod.create();
    const ix = pod.adminIx("set_paused", { paused: true });
    ix.keys = ix.keys.slice(0, 1);
    return pod.send(ix, [pod.admin]);
  },
  SignerMissing: () => {
    const pod = Pod.create();
    const ix = pod.adminIx("set_paused", { paused: true });
    ix.keys[0]!.isSigner = false;
    return pod.send(ix);
  },
  AccountNotWritable: () => {
    const pod = Pod.create();
    const ix = pod.adminIx("set_paused", { paused: true });
    ix.keys[1]!.isWritable = false;
    return pod.send(ix, [pod.admin]);
  },
  AccountOwnerInvalid: () => {
    const pod = Pod.create();
    const agent = pod.agent("alice");
    return pod.send(updateAgent(pod, agent, pod.payer.publicKey), [agent]);
  },
  AccountTypeInvalid: () => {
    const pod = Pod.create();
    const agent = pod.agent("alice");
    return pod.send(updateAgent(pod, agent, pdas.protocol()), [agent]);
  },
  AddressMismatch: () => {
    const pod = Pod.create();
    const agent = keypair("alice");
    const ix = pod.registerAgent(agent.publicKey, agent);
    ix.keys[3]!.pubkey = pdas.agent(keypair("bob").publicKey);
    return pod.send(ix, [agent]);
  },
  AlreadyInitialized: () => {
    const pod = Pod.create();
    return pod.send(pod.initialize(), [pod.admin]);
  },
  NotAdmin: () => {
    const pod = Pod.create();
    const other = keypair("other");
    return pod.send(pod.adminIx("set_paused", { paused: true }, other), [other]);
  },
  NotAgentOrRelayer: () => {
    const pod = Pod.create();
    const other = keypair("other");
    return pod.send(pod.registerAgent(keypair("alice").publicKey, other), [other]);
  },
  NotRecipientOrRelayer: () => {
    const { pod, alice, id } = withMessage();
    return pod.send(pod.markStatus("mark_delivered", id, alice), [alice]);
  },
  NotCreatorOrRelayer: () => {
    const { pod, bob } = withChannel();
    return pod.send(pod.closeChannel("general", bob), [bob]);
  },
  NotRelayer: () => {
    const pod = Pod.create();
    const other = keypair("other");
    return pod.send(pod.appendCompressed(records(1, "x"), other), [other]);
  },
  ProtocolPaused: () => {
    const pod = Pod.create();
    pod.ok(pod.adminIx("set_paused", { paused: true }), [pod.admin]);
    const agent = keypair("alice");
    return pod.send(pod.registerAgent(agent.publicKey, agent), [agent]);
  },
  RelayerListFull: () => {
    const pod = Pod.create();
    for (let i = 0; i < 7; i++) {
      pod.ok(pod.adminIx("add_relayer", { relayer: keypair(`r${i}`).publicKey }), [pod.admin]);
    }
    return pod.send(pod.adminIx("add_relayer", { relayer: keypair("r-last").publicKey }), [
      pod.admin,
    ]);
  },
  RelayerAlreadyListed: () => {
    const pod = Pod.create();
    return pod.send(pod.adminIx("add_relayer", { relayer: pod.relayer.publicKey }), [pod.admin]);
  },
  RelayerNotListed: () => {
    const pod = Pod.create();
    return pod.send(pod.adminIx("remove_relayer", { relayer: keypair("x").publicKey }), [
      pod.admin,
    ]);
  },
  LimitsInvalid: () => {
    const pod = Pod.create();
    const limits = { ...DEFAULT_LIMITS, max_batch: 0 };
    return pod.send(pod.adminIx("update_limits", { limits }), [pod.admin]);
  },
  MetadataUriTooLong: () => {
    const pod = Pod.create();
    const agent = keypair("alice");
    return pod.send(pod.registerAgent(agent.publicKey, agent, 1n, "u".repeat(129)), [agent]);
  },
  BatchEmpty: () => {
    const pod = Pod.create();
    return pod.send(registerMany(pod, 0), [pod.relayer]);
  },
  BatchTooLarge: () => {
    const pod = Pod.create({ limits: { ...DEFAULT_LIMITS, max_batch: 2 } });
    return pod.send(registerMany(pod, 3), [pod.relayer]);
  },
  AgentAlreadyRegistered: () => {
    const pod = Pod.create();
    const agent = pod.agent("alice");
    return pod.send(pod.registerAgent(agent.publicKey, agent), [agent]);
  },
  ChannelNameLength: () => {
    const pod = Pod.create();
    const alice = pod.agent("alice");
    return pod.send(pod.createChannel("n".repeat(65), alice.publicKey, alice), [alice]);
  },
  ChannelAlreadyExists: () => {
    const { pod, alice } = withChannel();
    return pod.send(pod.createChannel("general", alice.publicKey, alice, false, 3), [alice]);
  },
  ParticipantLimitInvalid: () => {
    const pod = Pod.create();
    const alice = pod.agent("alice");
    const max = DEFAULT_LIMITS.max_channel_participants + 1;
    return pod.send(pod.createChannel("big", alice.publicKey, alice, false, max), [alice]);
  },
  ChannelClosed: () => {
    const { pod, alice, bob } = withChannel();
    pod.ok(pod.joinChannel("general", alice.publicKey, alice), [alice]);
    pod.ok(pod.closeChannel("general", alice), [alice]);
    return pod.send(pod.joinChannel("general", bob.publicKey, bob), [bob]);
  },
  ChannelFull: () => {
    const { pod, alice, bob } = withChannel({ max: 1 });
    pod.ok(pod.joinChannel("general", alice.publicKey, alice), [alice]);
    return pod.send(pod.joinChannel("general", bob.publicKey, bob), [bob]);
  },
  InviteRequired: () => {
    const { pod, bob } = withChannel({ inviteOnly: true });
    return pod.send(pod.joinChannel("general", bob.publicKey, bob), [bob]);
  },
  AlreadyMember: () => {
    const { pod, bob } = withChannel();
    pod.ok(pod.joinChannel("general", bob.publicKey, bob), [bob]);
    return pod.send(pod.joinChannel("general", bob.publicKey, bob), [bob]);
  },
  NotMember: () => {
    const { pod, bob } = withChannel();
    return pod.send(pod.postToChannel(requestId("p"), bob.publicKey, "general", bob), [bob]);
  },
  MembershipMismatch: () => {
    const { pod, alice, bob } = withChannel();
    pod.ok(pod.joinChannel("general", alice.publicKey, alice), [alice]);
    const ix = pod.postToChannel(requestId("p"), bob.publicKey, "general", bob);
    ix.keys[5]!.pubkey = pdas.membership(pdas.channel("general"), alice.publicKey);
    return pod.send(ix, [bob]);
  },
  DuplicateMessage: () => {
    const { pod, alice, bob, id } = withMessage();
    return pod.send(pod.sendMessage(id, alice.publicKey, bob.publicKey, alice, { ttl: 5 }), [
      alice,
    ]);
  },
  TtlInvalid: () => {
    const pod = Pod.create();
    const alice = pod.agent("alice");
    const ix = pod.sendMessage(requestId("t"), alice.publicKey, alice.publicKey, alice, { ttl: 0 });
    return pod.send(ix, [alice]);
  },
  CidTooLong: () => {
    const pod = Pod.create();
    const alice = pod.agent("alice");
    const cid = "c".repeat(65);
    return pod.send(
      pod.sendMessage(requestId("c"), alice.publicKey, alice.publicKey, alice, { cid }),
      [alice],
    );
  },
  StatusNotTracked: () => {
    const { pod, bob } = withChannel();
    pod.ok(pod.joinChannel("general", bob.publicKey, bob), [bob]);
    pod.ok(pod.postToChannel(requestId("p"), bob.publicKey, "general", bob), [bob]);
    return pod.send(pod.markStatus("mark_read", requestId("p"), bob), [bob]);
  },
  StatusTransitionInvalid: () => {
    const { pod, bob, id } = withMessage();
    pod.ok(pod.markStatus("mark_read", id, bob), [bob]);
    return pod.send(pod.markStatus("mark_delivered", id, bob), [bob]);
  },
  MessageNotExpired: () => {
    const { pod, id } = withMessage();
    return pod.send(pod.closeExpired(id));
  },
  RentReceiverMismatch: () => {
    const pod = Pod.create();
    const agent = pod.agent("alice");
    const ix = podInstruction(
      "close_agent",
      { commitment: bytes(1) },
      {
        authority: agent.publicKey,
        protocol: pdas.protocol(),
        agent_account: pdas.agent(agent.publicKey),
        rent_receiver: agent.publicKey,
      },
    );
    return pod.send(ix, [agent]);
  },
  NotUpgradeAuthority: () => {
    const pod = Pod.create({ init: false });
    const other = keypair("not-the-deployer");
    return pod.send(pod.initialize(DEFAULT_LIMITS, other), [other]);
  },
  SignatureInstructionMissing: () => {
    const pod = Pod.create();
    const transfer = SystemProgram.transfer({
      fromPubkey: pod.payer.publicKey,
      toPubkey: pod.relayer.publicKey,
      lamports: 1,
    });
    return pod.send([transfer, pod.appendSigned(pod.relayer)], [pod.relayer]);
  },
  SignatureLayoutInvalid: () => {
    const pod = Pod.create();
    // A valid signature over 31 bytes: the precompile accepts it, the program wants 32.
    const agent = keypair("short");
    const message = Buffer.alloc(31, 1);
    const ix = Ed25519Program.createInstructionWithPrivateKey({
      privateKey: agent.secretKey,
      message,
    });
    return pod.send([ix, pod.appendSigned(pod.relayer)], [pod.relayer]);
  },
  RentUnsupported: () => {
    const pod = Pod.create();
    pod.chain.svm.svm.setRent(new Rent(3480n, 1.5, 50));
    const agent = keypair("alice");
    return pod.send(pod.registerAgent(agent.publicKey, agent), [agent]);
  },
};

const idlErrors = loadIdl().errors ?? [];

describe("errors", () => {
  it("every IDL error has a scenario, and every scenario an IDL error", () => {
    expect(Object.keys(scenarios).sort()).toEqual(idlErrors.map((e) => e.name).sort());
  });

  it.each(idlErrors)(
    "$code $name - logged the Anchor way and returned as Custom($code)",
    (error) => {
      const result = scenarios[error.name]!();
      expect(result.ok).toBe(false);
      expect(customCodeOf(result)).toBe(error.code);
      const parsed = anchorErrorOf(result);
      expect(parsed?.error.errorCode).toEqual({ code: error.name, number: error.code });
      expect(parsed?.error.errorMessage).toBe(error.msg);
    },
  );
});
