import type { InclusionProof, RecordConfirmedEvent } from "@pod/protocol";
import { PublicKey } from "@solana/web3.js";
import type { ChainSource } from "./rpc.js";
import { fetchRootHistory } from "./tree-roots.js";
import { verifyInclusion, type VerifyResult } from "./verify-inclusion.js";

export interface MessageWithProof {
  /** The message's confirmed event: its `commitment` (and record's sender) are checked. */
  event: Pick<RecordConfirmedEvent, "commitment"> & { record?: unknown };
  /** Absent on a delivered message the service could not prove: a failed result. */
  proof?: InclusionProof | unknown;
}

/**
 * Reads the header and root history of the state tree account the proof names (not the whole
 * 1.36 MB account) and runs verifyInclusion with the event's
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
  const history = await fetchRootHistory(source, treeAddress);
  if ("invalid" in history)
    return { ok: false, code: "TREE_ACCOUNT_INVALID", reason: history.invalid };
  return verifyInclusion({
    proof,
    commitment: event.commitment,
    rootHistory: history,
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
