import { coder, pdas, PROGRAM_ID } from "@pod/program";
import {
  channelIdBytes,
  decodeContentMemo,
  inlineContentOf,
  MEMO_PROGRAM_ID,
  requestKeyBytes,
  toHex,
  type MemoEntry,
} from "@pod/protocol";
import { Connection, PublicKey, type VersionedTransactionResponse } from "@solana/web3.js";
import bs58 from "bs58";

/** Program accounts as Anchor's coder decodes them (field names as in the IDL). */
export interface AgentAccount {
  agent: PublicKey;
  capabilities: { toString(): string };
  metadata_uri: string;
  commitment: number[];
}
export interface ChannelAccount {
  creator: PublicKey;
  name: string;
  name_hash: number[];
  visibility: Record<string, object>;
  max_participants: number;
  participant_count: number;
}
export interface MembershipAccount {
  channel: PublicKey;
  agent: PublicKey;
}
export interface MessageAccount {
  request_id: number[];
  sender: PublicKey;
  recipient: PublicKey;
  recipient_kind: Record<string, object>;
  status: Record<string, object>;
  content_hash: number[];
  expires_at: { toNumber(): number };
  commitment: number[];
  cid: string | null;
}

/** One instruction of the PoD program in a landed transaction, decoded by the IDL. */
export interface PodInstructionView {
  name: string;
  data: Record<string, unknown>;
  accounts: PublicKey[];
}

export interface TransactionView {
  signature: string;
  slot: number;
  err: unknown;
  feeLamports: number;
  computeUnits: number | undefined;
  pod: PodInstructionView[];
  /** Text of each SPL Memo instruction. */
  memos: string[];
}

/** A compressed record as the append instruction carried it. */
export interface AppendedRecord {
  signature: string;
  sender: string;
  envelopeHash: string;
}

export const hex = (bytes: number[] | Uint8Array) => toHex(Uint8Array.from(bytes));

/**
 * Reads PoD state back from the chain over JSON-RPC only (getAccountInfo, getTransaction,
 * getSignaturesForAddress): what any third party can see, decoded with the program's IDL.
 */
export class ChainReader {
  readonly connection: Connection;

  constructor(rpcUrl: string) {
    this.connection = new Connection(rpcUrl, "confirmed");
  }

  private async decoded<T>(name: string, address: PublicKey): Promise<T | undefined> {
    const info = await this.connection.getAccountInfo(address);
    if (!info) return undefined;
    if (!info.owner.equals(PROGRAM_ID)) throw new Error(`${address} is not owned by the program`);
    return coder.accounts.decode<T>(name, info.data);
  }

  agent(address: string): Promise<AgentAccount | undefined> {
    return this.decoded("Agent", pdas.agent(new PublicKey(address)));
  }

  channelAddress(name: string): PublicKey {
    return PublicKey.findProgramAddressSync(
      [Buffer.from("channel"), Buffer.from(channelIdBytes(name))],
      PROGRAM_ID,
    )[0];
  }

  channel(name: string): Promise<ChannelAccount | undefined> {
    return this.decoded("Channel", this.channelAddress(name));
  }

  membership(channelName: string, agent: string): Promise<MembershipAccount | undefined> {
    return this.decoded(
      "Membership",
      pdas.membership(this.channelAddress(channelName), new PublicKey(agent)),
    );
  }

  messageAddress(agent: string, id: string): PublicKey {
    return pdas.message(requestKeyBytes(agent, id));
  }

  message(agent: string, id: string): Promise<MessageAccount | undefined> {
    return this.decoded("Message", this.messageAddress(agent, id));
  }

  async transaction(signature: string): Promise<TransactionView> {
    const tx = await this.connection.getTransaction(signature, {
      maxSupportedTransactionVersion: 0,
      commitment: "confirmed",
    });
    if (!tx) throw new Error(`transaction ${signature} not found`);
    return view(signature, tx);
  }

  /** Every signature that touched the program, oldest first (paging through the history). */
  async programSignatures(): Promise<string[]> {
    const all: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await this.connection.getSignaturesForAddress(PROGRAM_ID, {
        before,
        limit: 1000,
      });
      all.push(...page.filter((s) => s.err === null).map((s) => s.signature));
      if (page.length < 1000) break;
      before = page[page.length - 1]!.signature;
    }
    return all.reverse();
  }

  /** Every compressed record appended by a successful transaction of the program. */
  async appendedRecords(): Promise<AppendedRecord[]> {
    const records: AppendedRecord[] = [];
    for (const signature of await this.programSignatures()) {
      const tx = await this.transaction(signature);
      for (const ix of tx.pod) {
        if (ix.name !== "append_compressed_messages") continue;
        for (const r of ix.data.records as { sender: PublicKey; envelope_hash: number[] }[]) {
          records.push({
            signature,
            sender: r.sender.toBase58(),
            envelopeHash: hex(r.envelope_hash),
          });
        }
      }
    }
    return records;
  }

  /** Every successful program instruction, with its transaction's signature. */
  async programInstructions(): Promise<(PodInstructionView & { signature: string })[]> {
    const out: (PodInstructionView & { signature: string })[] = [];
    for (const signature of await this.programSignatures()) {
      const tx = await this.transaction(signature);
      out.push(...tx.pod.map((ix) => ({ ...ix, signature })));
    }
    return out;
  }

  transactionCount(): Promise<number> {
    return this.connection.getTransactionCount("confirmed");
  }
}

function view(signature: string, tx: VersionedTransactionResponse): TransactionView {
  const message = tx.transaction.message;
  const keys = message.getAccountKeys({ accountKeysFromLookups: tx.meta?.loadedAddresses });
  const pod: PodInstructionView[] = [];
  const memos: string[] = [];
  for (const ix of message.compiledInstructions) {
    const program = keys.get(ix.programIdIndex)!;
    if (program.equals(PROGRAM_ID)) {
      const decoded = coder.instruction.decode(bs58.encode(ix.data), "base58");
      if (!decoded) throw new Error(`undecodable PoD instruction in ${signature}`);
      pod.push({
        name: decoded.name,
        data: decoded.data as Record<string, unknown>,
        accounts: ix.accountKeyIndexes.map((i) => keys.get(i)!),
      });
    } else if (program.toBase58() === MEMO_PROGRAM_ID) {
      memos.push(Buffer.from(ix.data).toString("utf8"));
    }
  }
  return {
    signature,
    slot: tx.slot,
    err: tx.meta?.err ?? null,
    feeLamports: tx.meta?.fee ?? 0,
    computeUnits: tx.meta?.computeUnitsConsumed,
    pod,
    memos,
  };
}

/**
 * The memo entry of the message record whose commitment is `commitment` in `tx`: entries
 * follow the records, compressed ones in append order first, then per-account messages.
 */
export function memoEntryOf(tx: TransactionView, commitment: string): MemoEntry | undefined {
  const order: string[] = [];
  for (const ix of tx.pod) {
    if (ix.name === "append_compressed_messages") {
      for (const r of ix.data.records as { envelope_hash: number[] }[])
        order.push(hex(r.envelope_hash));
    }
  }
  for (const ix of tx.pod) {
    if (ix.name === "send_message" || ix.name === "post_to_channel") {
      order.push(hex((ix.data.args as { commitment: number[] }).commitment));
    }
  }
  const index = order.indexOf(commitment);
  if (index < 0 || tx.memos.length !== 1) return undefined;
  return decodeContentMemo(tx.memos[0]!)[index];
}

/** The raw content a memo entry carries (undefined for a CID entry). */
export function memoContent(entry: MemoEntry): Uint8Array | undefined {
  return "cid" in entry ? undefined : inlineContentOf(entry);
}
