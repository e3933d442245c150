import {
  ACCOUNT_COMPRESSION_PROGRAM_ID,
  LightDecodeError,
  readRootHistory,
  readTreeHeader,
  STATE_TREE_V1_HEADER_BYTES,
  type ConcurrentTreeHeader,
} from "@pod/light";
import type { PublicKey } from "@solana/web3.js";
import { onChain, type ChainSource } from "./rpc.js";

/** What a verifier needs of a V1 state tree account: its height and its recent roots. */
export interface RootHistory {
  height: number;
  /** The roots the account holds (order is irrelevant to a membership check). */
  roots: Uint8Array[];
}

/** From the whole account data (throws LightDecodeError when it is not a V1 state tree). */
export function rootHistoryOf(treeAccountData: Uint8Array): RootHistory {
  const { height, roots } = readRootHistory(treeAccountData);
  return { height, roots };
}

/**
 * Reads only the header and the root ring of a V1 state tree account (two small reads of
 * about 0.4 KB and 77 KB instead of the 1.36 MB account), or says why the account is not one.
 * The ring is taken whole, so appends between the two reads cannot misplace a root.
 */
export async function fetchRootHistory(
  source: ChainSource,
  tree: PublicKey,
): Promise<RootHistory | { invalid: string }> {
  const head = await onChain(source, "getAccountInfo(tree header)", (c) =>
    c.getAccountInfo(tree, { dataSlice: { offset: 0, length: STATE_TREE_V1_HEADER_BYTES } }),
  );
  if (!head) return { invalid: `${tree.toBase58()} does not exist` };
  if (!head.owner.equals(ACCOUNT_COMPRESSION_PROGRAM_ID)) {
    return { invalid: `${tree.toBase58()} is owned by ${head.owner.toBase58()}` };
  }
  let header: ConcurrentTreeHeader;
  try {
    header = readTreeHeader(head.data);
  } catch (error) {
    if (!(error instanceof LightDecodeError)) throw error;
    return { invalid: `${tree.toBase58()} is not a V1 state tree account: ${error.message}` };
  }
  const { height, rootsStart, rootsCapacity } = header;
  const ring = await onChain(source, "getAccountInfo(tree roots)", (c) =>
    c.getAccountInfo(tree, { dataSlice: { offset: rootsStart, length: rootsCapacity * 32 } }),
  );
  if (!ring || ring.data.length !== rootsCapacity * 32) {
    return { invalid: `${tree.toBase58()}: root history not where the header says` };
  }
  const roots = Array.from({ length: rootsCapacity }, (_, i) =>
    Uint8Array.from(ring.data.subarray(i * 32, i * 32 + 32)),
  ).filter((r) => r.some((b) => b !== 0));
  return { height, roots };
}
