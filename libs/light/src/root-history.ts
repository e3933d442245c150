import { createHash } from "node:crypto";
import type { PublicKey } from "@solana/web3.js";
import { LightDecodeError } from "./errors.js";
import { STATE_TREE_V1 } from "./ids.js";

/** The state of a V1 concurrent Merkle tree account that an inclusion check needs. */
export interface ConcurrentTreeState {
  height: number;
  canopyDepth: number;
  /** Index the next appended leaf gets (= leaves appended so far). */
  nextIndex: number;
  sequenceNumber: bigint;
  /** Root history, oldest first; the last entry is the current root. */
  roots: Uint8Array[];
  currentRoot: Uint8Array;
}

const DISCRIMINATOR = createHash("sha256")
  .update("account:StateMerkleTreeAccount")
  .digest()
  .subarray(0, 8);
// Anchor discriminator, then MerkleTreeMetadata: access (3 keys), rollover (7 u64s),
// associated queue, next tree.
const TREE_OFFSET = 8 + 3 * 32 + 7 * 8 + 32 + 32;
// height, canopy depth, next index, sequence number, rightmost leaf, then the metadata of
// filled subtrees (capacity, length), changelog and roots (capacity, length, first, last)
// and canopy (capacity, length): all u64.
const HEADER_SIZE = 4 * 8 + 32 + 2 * 8 + 4 * 8 + 4 * 8 + 2 * 8;

/** Bytes from the account's start to the end of the concurrent tree's header. */
export const STATE_TREE_V1_HEADER_BYTES = TREE_OFFSET + HEADER_SIZE;

/** A V1 state tree account's header: sizes and positions of its arrays. */
export interface ConcurrentTreeHeader {
  height: number;
  canopyDepth: number;
  nextIndex: number;
  sequenceNumber: bigint;
  rootsCapacity: number;
  rootsLength: number;
  /** Ring position of the oldest root. */
  rootsFirst: number;
  /** Byte offset of the root ring in the account. */
  rootsStart: number;
  /** The account's size the header implies. */
  accountSize: number;
}

/**
 * Decodes the header of a V1 state tree account from its first STATE_TREE_V1_HEADER_BYTES
 * (or more); throws LightDecodeError when it is not one or is inconsistent.
 */
export function readTreeHeader(data: Uint8Array): ConcurrentTreeHeader {
  const fail = (reason: string) => new LightDecodeError("state tree account", reason);
  if (data.length < STATE_TREE_V1_HEADER_BYTES) throw fail("too short");
  if (!Buffer.from(data.subarray(0, 8)).equals(DISCRIMINATOR)) {
    throw fail("not a StateMerkleTreeAccount (V1)");
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u64 = (offset: number) => view.getBigUint64(TREE_OFFSET + offset, true);
  const small = (offset: number) => {
    const v = u64(offset);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw fail(`field at ${offset} out of range`);
    return Number(v);
  };

  const height = small(0);
  const canopyDepth = small(8);
  const nextIndex = small(16);
  const sequenceNumber = u64(24);
  const changelogCapacity = small(80);
  const rootsCapacity = small(112);
  const rootsLength = small(120);
  const rootsFirst = small(128);
  const canopyCapacity = small(144);
  if (height < 1 || height > 64) throw fail(`height ${height}`);
  if (rootsLength < 1 || rootsLength > rootsCapacity || rootsFirst >= rootsCapacity) {
    throw fail("root history metadata inconsistent");
  }

  const changelogEntry = 32 + height * 32 + 8;
  const rootsStart = STATE_TREE_V1_HEADER_BYTES + height * 32 + changelogCapacity * changelogEntry;
  return {
    height,
    canopyDepth,
    nextIndex,
    sequenceNumber,
    rootsCapacity,
    rootsLength,
    rootsFirst,
    rootsStart,
    accountSize: rootsStart + rootsCapacity * 32 + canopyCapacity * 32,
  };
}

/** Decodes a V1 state tree account (StateMerkleTreeAccount) down to its root history. */
export function readRootHistory(accountData: Uint8Array): ConcurrentTreeState {
  const header = readTreeHeader(accountData);
  const { height, canopyDepth, nextIndex, sequenceNumber, rootsCapacity, rootsLength } = header;
  const { rootsFirst, rootsStart, accountSize } = header;
  if (accountSize !== accountData.length) {
    throw new LightDecodeError(
      "state tree account",
      `size ${accountData.length}, layout says ${accountSize}`,
    );
  }

  const roots = Array.from({ length: rootsLength }, (_, i) => {
    const slot = (rootsFirst + i) % rootsCapacity;
    return accountData.slice(rootsStart + slot * 32, rootsStart + slot * 32 + 32);
  });
  return {
    height,
    canopyDepth,
    nextIndex,
    sequenceNumber,
    roots,
    currentRoot: roots[roots.length - 1] as Uint8Array,
  };
}

/** Anything that can hand over an account's data: LiteSVM, the @pod/svm harness. */
export interface AccountSource {
  getAccount(address: never): { data?: Uint8Array; exists?: boolean } | null;
}

/** Whether `root` is in the tree's root history (account data, or read from `source`). */
export function isRootInHistory(
  source: Uint8Array | AccountSource,
  root: Uint8Array,
  tree: PublicKey = STATE_TREE_V1,
): boolean {
  const data = source instanceof Uint8Array ? source : treeData(source, tree);
  const target = Buffer.from(root);
  return readRootHistory(data).roots.some((r) => target.equals(Buffer.from(r)));
}

function treeData(source: AccountSource, tree: PublicKey): Uint8Array {
  const account = source.getAccount(tree.toBase58() as never);
  if (!account || account.exists === false || !account.data) {
    throw new LightDecodeError("state tree account", `${tree.toBase58()} does not exist`);
  }
  return account.data;
}
