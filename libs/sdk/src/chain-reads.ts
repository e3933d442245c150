import { coder, pdas, PROGRAM_ID } from "@pod/program";
import { fromBase58, toBase58, toHex } from "@pod/protocol";
import { Connection, PublicKey } from "@solana/web3.js";
import { SdkError } from "./errors.js";
import { InvalidArgumentError, resolveChannelId, type ChannelRef } from "./operations.js";

/**
 * PoD's program accounts read over Solana JSON-RPC (getAccountInfo) and decoded with the
 * program's IDL: what anyone can see on chain, independent of the pipeline. Times are Unix
 * milliseconds (the chain stores seconds).
 */

export interface AgentAccount {
  /** The Agent account's address (PDA ["agent", agent]). */
  address: string;
  agent: string;
  /** u64 bitmap, decimal. */
  capabilities: string;
  metadataUri: string;
  registeredAt: number;
  updatedAt: number;
  /** sha256(agent signature || canonical request bytes) of the last write, hex. */
  commitment: string;
  payer: string;
}

export interface ChannelAccount {
  /** The Channel account's address (PDA ["channel", sha256(name)]). */
  address: string;
  /** The channel id (base58 sha256 of the name). */
  id: string;
  name: string;
  creator: string;
  visibility: "public" | "invite_only";
  closed: boolean;
  maxParticipants: number;
  participantCount: number;
  createdAt: number;
  payer: string;
}

export interface MembershipAccount {
  /** The Membership account's address (PDA ["member", channel account, agent]). */
  address: string;
  /** The channel's account address. */
  channelAddress: string;
  agent: string;
  joinedAt: number;
  payer: string;
}

export interface MessageAccount {
  /** The Message account's address (PDA ["message", message id]). */
  address: string;
  /** The message id (request key). */
  id: string;
  sender: string;
  /** An agent's address, or a channel's account address. */
  recipient: string;
  recipientKind: "agent" | "channel";
  status: "sent" | "delivered" | "read";
  contentHash: string;
  createdAt: number;
  /** 0 when it does not expire. */
  expiresAt: number;
  commitment: string;
  cid: string | undefined;
}

/** An account at a PoD address exists but is not the program's (a wrong RPC or cluster). */
export class ForeignAccountError extends SdkError {
  constructor(address: string, owner: string) {
    super("FOREIGN_ACCOUNT", `${address} is owned by ${owner}, not the PoD program`, {
      details: { address, owner },
    });
  }
}

interface Num {
  toString(): string;
  toNumber(): number;
}
type Variant = Record<string, object>;

const ms = (n: Num) => n.toNumber() * 1000;
const hex = (bytes: number[]) => toHex(Uint8Array.from(bytes));
const variant = (v: Variant) => Object.keys(v)[0]!;
const snake = (name: string) => name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();

function publicKeyOf(address: string, field: string): PublicKey {
  const bytes = fromBase58(address);
  if (bytes?.length !== 32) throw new InvalidArgumentError(field, "must be a base58 public key");
  return new PublicKey(bytes);
}

/** The channel account's address of a channel id. */
export function channelAddressOf(id: string): PublicKey {
  return PublicKey.findProgramAddressSync(
    [Buffer.from("channel"), Buffer.from(fromBase58(id)!)],
    PROGRAM_ID,
  )[0];
}

export class ChainReader {
  constructor(readonly connection: Connection) {}

  static fromUrl(rpcUrl: string): ChainReader {
    return new ChainReader(new Connection(rpcUrl, "confirmed"));
  }

  async getAgent(agent: string): Promise<AgentAccount | undefined> {
    const address = pdas.agent(publicKeyOf(agent, "agent"));
    const a = await this.decoded<{
      agent: PublicKey;
      capabilities: Num;
      registered_at: Num;
      updated_at: Num;
      commitment: number[];
      payer: PublicKey;
      metadata_uri: string;
    }>("Agent", address);
    if (!a) return undefined;
    return {
      address: address.toBase58(),
      agent: a.agent.toBase58(),
      capabilities: a.capabilities.toString(),
      metadataUri: a.metadata_uri,
      registeredAt: ms(a.registered_at),
      updatedAt: ms(a.updated_at),
      commitment: hex(a.commitment),
      payer: a.payer.toBase58(),
    };
  }

  async getChannel(channel: ChannelRef): Promise<ChannelAccount | undefined> {
    const address = channelAddressOf(resolveChannelId(channel));
    const c = await this.decoded<{
      creator: PublicKey;
      name_hash: number[];
      visibility: Variant;
      closed: boolean;
      max_participants: number;
      participant_count: number;
      created_at: Num;
      payer: PublicKey;
      name: string;
    }>("Channel", address);
    if (!c) return undefined;
    return {
      address: address.toBase58(),
      id: toBase58(Uint8Array.from(c.name_hash)),
      name: c.name,
      creator: c.creator.toBase58(),
      visibility: snake(variant(c.visibility)) as ChannelAccount["visibility"],
      closed: c.closed,
      maxParticipants: c.max_participants,
      participantCount: c.participant_count,
      createdAt: ms(c.created_at),
      payer: c.payer.toBase58(),
    };
  }

  /** The agent's membership of the channel, or undefined when it is not a member. */
  async getMembership(channel: ChannelRef, agent: string): Promise<MembershipAccount | undefined> {
    const channelAddress = channelAddressOf(resolveChannelId(channel));
    const address = pdas.membership(channelAddress, publicKeyOf(agent, "agent"));
    const m = await this.decoded<{
      channel: PublicKey;
      agent: PublicKey;
      joined_at: Num;
      payer: PublicKey;
    }>("Membership", address);
    if (!m) return undefined;
    return {
      address: address.toBase58(),
      channelAddress: m.channel.toBase58(),
      agent: m.agent.toBase58(),
      joinedAt: ms(m.joined_at),
      payer: m.payer.toBase58(),
    };
  }

  /**
   * A per-account message (expiring direct messages, the `direct` storage class). Compressed
   * messages have no account: undefined.
   */
  async getMessage(messageId: string): Promise<MessageAccount | undefined> {
    const idBytes = fromBase58(messageId);
    if (idBytes?.length !== 32) throw new InvalidArgumentError("message", "must be a message id");
    const address = pdas.message(idBytes);
    const m = await this.decoded<{
      sender: PublicKey;
      recipient: PublicKey;
      recipient_kind: Variant;
      status: Variant;
      content_hash: number[];
      created_at: Num;
      expires_at: Num;
      commitment: number[];
      cid: string | null;
    }>("Message", address);
    if (!m) return undefined;
    return {
      address: address.toBase58(),
      id: messageId,
      sender: m.sender.toBase58(),
      recipient: m.recipient.toBase58(),
      recipientKind: snake(variant(m.recipient_kind)) as MessageAccount["recipientKind"],
      status: snake(variant(m.status)) as MessageAccount["status"],
      contentHash: hex(m.content_hash),
      createdAt: ms(m.created_at),
      expiresAt: ms(m.expires_at),
      commitment: hex(m.commitment),
      cid: m.cid ?? undefined,
    };
  }

  private async decoded<T>(name: string, address: PublicKey): Promise<T | undefined> {
    const info = await this.connection.getAccountInfo(address, "confirmed");
    if (!info) return undefined;
    if (!info.owner.equals(PROGRAM_ID)) {
      throw new ForeignAccountError(address.toBase58(), info.owner.toBase58());
    }
    return coder.accounts.decode<T>(name, info.data);
  }
}
