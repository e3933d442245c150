import { createHash } from "node:crypto";
import { ACCOUNT_COMPRESSION_PROGRAM_ID, readRootHistory } from "@pod/light";
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

const DISCRIMINATOR = createHash("sha256")
  .update("account:StateMerkleTreeAccount")
  .digest()
  .subarray(0, 8);
// StateMerkleTreeAccount: discriminator, metadata (3 keys, 7 u64s, 2 keys), then the
// concurrent tree's header of u64s and rightmost leaf, then its arrays (see @pod/light's
// readRootHistory, which decodes the whole account).
const TREE_OFFSET = 8 + 3 * 32 + 7 * 8 + 32 + 32;
const HEADER_SIZE = 4 * 8 + 32 + 2 * 8 + 4 * 8 + 4 * 8 + 2 * 8;
const HEADER_END = TREE_OFFSET + HEADER_SIZE;

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
    c.getAccountInfo(tree, { dataSlice: { offset: 0, length: HEADER_END } }),
  );
  if (!head) return { invalid: `${tree.toBase58()} does not exist` };
  if (!head.owner.equals(ACCOUNT_COMPRESSION_PROGRAM_ID)) {
    return { invalid: `${tree.toBase58()} is owned by ${head.owner.toBase58()}` };
  }
  const data = head.data;
  if (data.length < HEADER_END || !Buffer.from(data.subarray(0, 8)).equals(DISCRIMINATOR)) {
    return { invalid: `${tree.toBase58()} is not a V1 state tree account` };
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const field = (offset: number) => Number(view.getBigUint64(TREE_OFFSET + offset, true));
  const height = field(0);
  const changelogCapacity = field(80);
  const rootsCapacity = field(112);
  const rootsLength = field(120);
  if (height < 1 || height > 64 || rootsLength < 1 || rootsLength > rootsCapacity) {
    return { invalid: `${tree.toBase58()}: tree header inconsistent` };
  }

  const rootsStart = HEADER_END + height * 32 + changelogCapacity * (32 + height * 32 + 8);
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
