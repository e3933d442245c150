import { createHash } from "node:crypto";
import anchor from "@coral-xyz/anchor";
import { Keypair, PublicKey, type AccountMeta } from "@solana/web3.js";
import type { ExecutionResult } from "@pod/svm";
import { podInstruction } from "../../src/instructions.js";
import { PROGRAM_ID, pdas } from "../../src/program.js";
import { PodChain } from "./chain.js";

// Anchor's CommonJS build hides BN from Node's named-export detection; take it from the default.
export const { AnchorError, BN } = anchor;

/** A keypair derived from a label, so addresses (and PDA bumps, and CU) are reproducible. */
export function keypair(label: string): Keypair {
  return Keypair.fromSeed(createHash("sha256").update(label).digest());
}

export const bytes = (fill: number, n = 32) => [...Buffer.alloc(n, fill)];
export const ZERO32 = bytes(0);

export const DEFAULT_LIMITS = { max_ttl_secs: 86_400, max_channel_participants: 50, max_batch: 10 };

export const LIGHT = {
  lightSystem: new PublicKey("SySTEM1eSU2p4BGQfQpimFEWWSC1XDFeun3Nqzz3rT7"),
  stateTree: new PublicKey("smt1NamzXdq4AMqS2fS2F1i5KTYPZRhoHgWx38d8WsT"),
};

/** The Anchor error a failed run logged (by Anchor's own parser), or null. */
export function anchorErrorOf(result: ExecutionResult): InstanceType<typeof AnchorError> | null {
  return AnchorError.parse(result.logs);
}

/** The custom error number the runtime reported for the failed instruction, or null. */
export function customCodeOf(result: ExecutionResult): number | null {
  const err = result.err as { InstructionError?: [number, unknown] } | null;
  const inner = err?.InstructionError?.[1] as { Custom?: number } | undefined;
  return inner?.Custom ?? null;
}

/** A chain with the program, an initialized protocol, an admin and one relayer. */
export class Pod {
  readonly admin = keypair("admin");
  readonly chain = new PodChain({ upgradeAuthority: this.admin.publicKey });
  readonly relayer = keypair("relayer");

  static create(opts: { init?: boolean; limits?: typeof DEFAULT_LIMITS } = {}): Pod {
    const pod = new Pod();
    if (opts.init !== false) {
      pod.ok(pod.initialize(opts.limits), [pod.admin]);
      pod.ok(pod.adminIx("add_relayer", { relayer: pod.relayer.publicKey }), [pod.admin]);
    }
    return pod;
  }

  get payer(): Keypair {
    return this.chain.payer;
  }

  send(
    ix: ReturnType<typeof podInstruction> | ReturnType<typeof podInstruction>[],
    signers: Keypair[] = [],
  ) {
    return this.chain.send(Array.isArray(ix) ? ix : [ix], signers);
  }

  /** Sends and throws with the logs unless it succeeded. */
  ok(ix: Parameters<Pod["send"]>[0], signers: Keypair[] = []): ExecutionResult {
    const r = this.send(ix, signers);
    if (!r.ok) throw new Error(`expected success: ${JSON.stringify(r.err)}\n${r.logs.join("\n")}`);
    return r;
  }

  initialize(limits = DEFAULT_LIMITS, admin = this.admin) {
    return podInstruction(
      "initialize",
      { limits },
      { payer: this.payer.publicKey, admin: admin.publicKey, protocol: pdas.protocol() },
    );
  }

  adminIx(name: string, args: Record<string, unknown>, admin = this.admin) {
    return podInstruction(name, args, { admin: admin.publicKey, protocol: pdas.protocol() });
  }

  registerAgent(agent: PublicKey, authority: Keypair, capabilities = 7n, uri = "ipfs://agent") {
    return podInstruction(
      "register_agent",
      { args: agentArgs(agent, capabilities, uri) },
      {
        payer: this.payer.publicKey,
        authority: authority.publicKey,
        protocol: pdas.protocol(),
        agent_account: pdas.agent(agent),
      },
    );
  }

  /** Registers `agent` signing for itself. */
  agent(label: string): Keypair {
    const agent = keypair(label);
    this.ok(this.registerAgent(agent.publicKey, agent), [agent]);
    return agent;
  }

  createChannel(
    name: string,
    creator: PublicKey,
    authority: Keypair,
    inviteOnly = false,
    max = 10,
  ) {
    return podInstruction(
      "create_channel",
      {
        name,
        visibility: inviteOnly ? { InviteOnly: {} } : { Public: {} },
        max_participants: max,
        commitment: ZERO32,
      },
      {
        payer: this.payer.publicKey,
        authority: authority.publicKey,
        protocol: pdas.protocol(),
        creator: pdas.agent(creator),
        channel: pdas.channel(name),
      },
    );
  }

  joinChannel(name: string, agent: PublicKey, authority: Keypair) {
    const channel = pdas.channel(name);
    return podInstruction(
      "join_channel",
      { commitment: bytes(3) },
      {
        payer: this.payer.publicKey,
        authority: authority.publicKey,
        protocol: pdas.protocol(),
        agent_account: pdas.agent(agent),
        channel,
        membership: pdas.membership(channel, agent),
      },
    );
  }

  leaveChannel(
    name: string,
    agent: PublicKey,
    authority: Keypair,
    receiver = this.payer.publicKey,
  ) {
    const channel = pdas.channel(name);
    return podInstruction(
      "leave_channel",
      { commitment: bytes(4) },
      {
        authority: authority.publicKey,
        protocol: pdas.protocol(),
        agent_account: pdas.agent(agent),
        channel,
        membership: pdas.membership(channel, agent),
        rent_receiver: receiver,
      },
    );
  }

  closeChannel(name: string, authority: Keypair, receiver = this.payer.publicKey) {
    return podInstruction(
      "close_channel",
      { commitment: bytes(5) },
      {
        authority: authority.publicKey,
        protocol: pdas.protocol(),
        channel: pdas.channel(name),
        rent_receiver: receiver,
      },
    );
  }

  sendMessage(
    requestId: Uint8Array,
    sender: PublicKey,
    recipient: PublicKey,
    authority: Keypair,
    opts: MessageOpts = {},
  ) {
    return podInstruction(
      "send_message",
      { args: messageArgs(requestId, opts) },
      {
        payer: this.payer.publicKey,
        authority: authority.publicKey,
        protocol: pdas.protocol(),
        sender: pdas.agent(sender),
        recipient: pdas.agent(recipient),
        message: pdas.message(requestId),
      },
    );
  }

  postToChannel(
    requestId: Uint8Array,
    sender: PublicKey,
    name: string,
    authority: Keypair,
    opts: MessageOpts = {},
  ) {
    const channel = pdas.channel(name);
    return podInstruction(
      "post_to_channel",
      { args: messageArgs(requestId, opts) },
      {
        payer: this.payer.publicKey,
        authority: authority.publicKey,
        protocol: pdas.protocol(),
        sender: pdas.agent(sender),
        channel,
        membership: pdas.membership(channel, sender),
        message: pdas.message(requestId),
      },
    );
  }

  markStatus(name: "mark_delivered" | "mark_read", requestId: Uint8Array, authority: Keypair) {
    return podInstruction(
      name,
      { commitment: bytes(6) },
      {
        authority: authority.publicKey,
        protocol: pdas.protocol(),
        message: pdas.message(requestId),
      },
    );
  }

  closeExpired(requestId: Uint8Array, receiver = this.payer.publicKey) {
    return podInstruction(
      "close_expired_message",
      {},
      { message: pdas.message(requestId), rent_receiver: receiver },
    );
  }

  /** append_signed_messages; the ed25519 instruction must come right before it. */
  appendSigned(authority: Keypair) {
    return podInstruction(
      "append_signed_messages",
      {},
      {
        fee_payer: this.payer.publicKey,
        authority: authority.publicKey,
        protocol: pdas.protocol(),
        cpi_authority: pdas.cpiAuthority(),
        self_program: PROGRAM_ID,
        merkle_tree: LIGHT.stateTree,
      },
    );
  }

  appendCompressed(
    records: Array<{ sender: PublicKey; envelope_hash: number[] }>,
    authority: Keypair,
    extra: AccountMeta[] = [],
  ) {
    return podInstruction(
      "append_compressed_messages",
      { records },
      {
        fee_payer: this.payer.publicKey,
        authority: authority.publicKey,
        protocol: pdas.protocol(),
        cpi_authority: pdas.cpiAuthority(),
        self_program: PROGRAM_ID,
        merkle_tree: LIGHT.stateTree,
      },
      extra,
    );
  }
}

export interface MessageOpts {
  ttl?: number;
  cid?: string | null;
  type?: "Text" | "Data" | "Command" | "Response";
  contentHash?: number[];
}

export function agentArgs(agent: PublicKey, capabilities = 7n, uri = "ipfs://agent") {
  return {
    agent,
    capabilities: new BN(capabilities.toString()),
    metadata_uri: uri,
    commitment: bytes(9),
  };
}

export function messageArgs(requestId: Uint8Array, opts: MessageOpts = {}) {
  return {
    request_id: [...requestId],
    message_type: { [opts.type ?? "Text"]: {} },
    content_hash: opts.contentHash ?? bytes(0xab),
    ttl_secs: opts.ttl ?? 3600,
    commitment: bytes(0xcd),
    cid: opts.cid === undefined ? "bafkreiexample" : opts.cid,
  };
}

/** A 32-byte request key from a label. */
export function requestId(label: string): Uint8Array {
  return createHash("sha256").update(label).digest();
}
