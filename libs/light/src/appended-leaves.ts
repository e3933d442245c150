import { getBase58Encoder } from "@solana/kit";
import {
  PublicKey,
  VersionedTransaction,
  type TransactionResponse,
  type VersionedTransactionResponse,
} from "@solana/web3.js";
import type { TreeVersion } from "./account-hash.js";
import { LightDecodeError } from "./errors.js";
import { ACCOUNT_COMPRESSION_PROGRAM_ID, LIGHT_SYSTEM_PROGRAM_ID } from "./ids.js";
import {
  INSERT_INTO_QUEUES_DISCRIMINATOR,
  INSERT_INTO_QUEUES_FIXED_ACCOUNTS,
  decodeInsertIntoQueues,
} from "./insert-into-queues.js";
import { startsWith } from "./bytes.js";
import { lightInvokeOutputs } from "./decode-invoke.js";
import type { CompressedAccount, OutputCompressedAccount } from "./invoke-cpi.js";

/** An instruction as `getTransaction` reports it; `data` is base58 text or raw bytes. */
export interface CompiledInstructionLike {
  programIdIndex: number;
  accounts: readonly number[];
  data: string | Uint8Array;
}

/**
 * What parseAppendedLeaves needs from a transaction: its account keys (static, then
 * lookup-table ones), its inner instructions and, when Light is invoked at the top level,
 * its top-level instructions. The @pod/svm harness's execution result fits as is.
 */
export interface LightTransactionView {
  accountKeys: readonly (string | PublicKey)[];
  innerInstructions: readonly {
    index: number;
    instructions: readonly CompiledInstructionLike[];
  }[];
  instructions?: readonly CompiledInstructionLike[];
  /** A failed transaction appended nothing; any non-null value yields no leaves. */
  err?: unknown;
}

/** One compressed account appended to a state tree. */
export interface AppendedLeaf {
  leafIndex: number;
  /** The account hash, as stored in the tree's leaf. */
  hash: Uint8Array;
  tree: PublicKey;
  /** Equal to `tree` on V1 trees; the output queue on V2. */
  queue: PublicKey;
  /** How the leaf hash encodes numbers (pass it on to hashCompressedAccount). */
  treeVersion: TreeVersion;
  /** The account Light was asked to create; null when the invoke could not be matched. */
  account: CompressedAccount | null;
  /** Top-level instruction under which the append happened. */
  instructionIndex: number;
}

const base58 = getBase58Encoder();
// Light's TreeType numbering: 1 state V1, 2 address V1, 3 state V2, 4 address V2.
const STATE_TREE_V2_TYPE = 3n;

/**
 * The leaves a transaction appended, with the accounts they commit to, read from the
 * insert_into_queues inner instructions and the Light invoke each one follows. Needs no
 * indexer; needs the inner instructions (logs carry no event in this Light version).
 */
export function parseAppendedLeaves(view: LightTransactionView): AppendedLeaf[] {
  if (view.err !== undefined && view.err !== null) return [];
  const keys = view.accountKeys.map((k) => (typeof k === "string" ? new PublicKey(k) : k));
  const key = (i: number): PublicKey => {
    const k = keys[i];
    if (!k) throw new LightDecodeError("transaction", `account index ${i} out of range`);
    return k;
  };

  const leaves: AppendedLeaf[] = [];
  for (const [instructionIndex, sequence] of instructionSequences(view)) {
    let outputs: OutputCompressedAccount[] | null = null;
    for (const ix of sequence) {
      const program = key(ix.programIdIndex);
      const data = bytesOf(ix.data);
      if (program.equals(LIGHT_SYSTEM_PROGRAM_ID)) {
        outputs = lightInvokeOutputs(data) ?? outputs;
        continue;
      }
      if (!program.equals(ACCOUNT_COMPRESSION_PROGRAM_ID)) continue;
      if (!startsWith(data, INSERT_INTO_QUEUES_DISCRIMINATOR)) continue;

      const decoded = decodeInsertIntoQueues(data);
      const matched = outputs !== null && outputs.length === decoded.leaves.length;
      decoded.leaves.forEach((leaf, j) => {
        const accountIndex = ix.accounts[INSERT_INTO_QUEUES_FIXED_ACCOUNTS + leaf.treeAccountIndex];
        if (accountIndex === undefined) {
          throw new LightDecodeError("insert_into_queues", "leaf names a missing tree account");
        }
        const queue = key(accountIndex);
        const sequenceEntry = decoded.outputSequences.find((s) => s.queue.equals(queue));
        const output = matched ? outputs?.[j] : undefined;
        leaves.push({
          leafIndex: decoded.outputLeafIndices[j] as number,
          hash: leaf.hash,
          tree: sequenceEntry?.tree ?? queue,
          queue,
          treeVersion: sequenceEntry?.treeType === STATE_TREE_V2_TYPE ? "v2" : "v1",
          account: output ? withoutTreeIndex(output) : null,
          instructionIndex,
        });
      });
      outputs = null;
    }
  }
  return leaves;
}

function* instructionSequences(
  view: LightTransactionView,
): Generator<[number, CompiledInstructionLike[]]> {
  const inner = new Map(view.innerInstructions.map((g) => [g.index, g.instructions]));
  const count = Math.max(
    view.instructions?.length ?? 0,
    ...view.innerInstructions.map((g) => g.index + 1),
  );
  for (let i = 0; i < count; i++) {
    const top = view.instructions?.[i];
    yield [i, [...(top ? [top] : []), ...(inner.get(i) ?? [])]];
  }
}

function withoutTreeIndex(o: OutputCompressedAccount): CompressedAccount {
  return { owner: o.owner, lamports: o.lamports, address: o.address, data: o.data };
}

function bytesOf(data: string | Uint8Array): Uint8Array {
  if (typeof data !== "string") return data;
  try {
    return base58.encode(data) as Uint8Array;
  } catch (cause) {
    throw new LightDecodeError("instruction data", "not base58", { cause });
  }
}

/** Top-level instructions of a serialized transaction, for a view of a local execution. */
export function topLevelInstructions(wire: Uint8Array): CompiledInstructionLike[] {
  const tx = VersionedTransaction.deserialize(wire);
  return tx.message.compiledInstructions.map((ix) => ({
    programIdIndex: ix.programIdIndex,
    accounts: ix.accountKeyIndexes,
    data: ix.data,
  }));
}

/** A view of an RPC `getTransaction` response (legacy or v0, lookup tables resolved). */
export function viewOfTransactionResponse(
  response: VersionedTransactionResponse | TransactionResponse,
): LightTransactionView {
  const message = response.transaction.message;
  const loaded = response.meta?.loadedAddresses;
  const keys = message
    .getAccountKeys(loaded ? { accountKeysFromLookups: loaded } : undefined)
    .keySegments()
    .flat();
  return {
    accountKeys: keys,
    instructions: message.compiledInstructions.map((ix) => ({
      programIdIndex: ix.programIdIndex,
      accounts: ix.accountKeyIndexes,
      data: ix.data,
    })),
    innerInstructions: response.meta?.innerInstructions ?? [],
    err: response.meta?.err ?? null,
  };
}
