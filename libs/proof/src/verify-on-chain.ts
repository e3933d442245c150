import { ACCOUNT_COMPRESSION_PROGRAM_ID } from "@pod/light";
import type { InclusionProof, RecordConfirmedEvent } from "@pod/protocol";
import { PublicKey } from "@solana/web3.js";
import { onChain, type ChainSource } from "./rpc.js";
import { verifyInclusion, type VerifyResult } from "./verify-inclusion.js";

export interface MessageWithProof {
  /** The message's confirmed event: its `commitment` (and record's sender) are checked. */
  event: Pick<RecordConfirmedEvent, "commitment"> & { record?: unknown };
  /** Absent on a delivered message the service could not prove: a failed result. */
  proof?: InclusionProof | unknown;
}

/**
 * Fetches the state tree account the proof names and runs verifyInclusion with the event's
 * commitment (and, for message records, its sender). A proof naming an account that does
 * not exist or is not Light's is a failed result (TREE_ACCOUNT_INVALID); only a failed RPC
 * call throws.
 */
export async function verifyMessageOnChain(
  source: ChainSource,
  { event, proof }: MessageWithProof,
): Promise<VerifyResult> {
  if (proof === undefined) return { ok: false, code: "MALFORMED_PROOF", reason: "no proof" };
  const treeAddress = treeOf(proof);
  if (treeAddress === undefined) {
    return { ok: false, code: "MALFORMED_PROOF", reason: "tree: not a base58 public key" };
  }
  const account = await onChain(source, "getAccountInfo(tree)", (c) =>
    c.getAccountInfo(treeAddress),
  );
  if (!account) {
    return { ok: false, code: "TREE_ACCOUNT_INVALID", reason: `${treeAddress} does not exist` };
  }
  if (!account.owner.equals(ACCOUNT_COMPRESSION_PROGRAM_ID)) {
    const owner = account.owner.toBase58();
    return {
      ok: false,
      code: "TREE_ACCOUNT_INVALID",
      reason: `${treeAddress} is owned by ${owner}`,
    };
  }
  return verifyInclusion({
    proof,
    commitment: event.commitment,
    treeAccountData: account.data,
    sender: senderOf(event.record),
  });
}

function treeOf(proof: unknown): PublicKey | undefined {
  const tree = (proof as { tree?: unknown } | null)?.tree;
  if (typeof tree !== "string") return undefined;
  try {
    return new PublicKey(tree);
  } catch {
    return undefined;
  }
}

function senderOf(record: unknown): string | undefined {
  const sender = (record as { sender?: unknown } | null | undefined)?.sender;
  return typeof sender === "string" ? sender : undefined;
}
