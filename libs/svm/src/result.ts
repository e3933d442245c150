import type { TransactionMetadata } from "litesvm/dist/internal.js";
import type { AccountState } from "./accounts.js";
import { addressText } from "./accounts.js";
import { encodeBase58 } from "./base58.js";
import type { TransactionErrorJson } from "./tx-error.js";

/** One inner instruction in the shape `getTransaction` returns it (data in base58). */
export interface InnerInstructionJson {
  programIdIndex: number;
  accounts: number[];
  data: string;
  stackHeight: number;
}

/** Inner instructions of one top-level instruction, as in `meta.innerInstructions`. */
export interface InnerInstructionsJson {
  index: number;
  instructions: InnerInstructionJson[];
}

/** Return data as a validator reports it. */
export interface ReturnDataJson {
  programId: string;
  data: [string, "base64"];
}

export interface AccountChange {
  address: string;
  /** Null when the transaction closed the account. */
  account: AccountState | null;
  /** The state before the transaction; null when it did not exist. */
  before: AccountState | null;
}

/** What running a transaction reports, whether it was executed or only simulated. */
export interface RunReport {
  /** Ran without error. */
  ok: boolean;
  err: TransactionErrorJson | null;
  logs: string[];
  computeUnitsConsumed: bigint;
  innerInstructions: InnerInstructionsJson[];
  fee: bigint;
  returnData: ReturnDataJson | null;
}

/** What executing a transaction did, in the terms a validator reports. */
export interface ExecutionResult extends RunReport {
  signature: string;
  /** The transaction's wire bytes. */
  wire: Uint8Array;
  /** Included in the ledger: fee charged, in the signature history (also when it failed). */
  landed: boolean;
  /** Static keys, then addresses loaded from lookup tables (writable, then readonly). */
  accountKeys: string[];
  loadedAddresses: { writable: string[]; readonly: string[] };
  preBalances: bigint[];
  postBalances: bigint[];
  /** Accounts whose state differs after the transaction. */
  changedAccounts: AccountChange[];
  slot: bigint;
  blockTime: number;
}

/** A simulation's outcome; nothing it did is committed. */
export interface SimulationResult extends RunReport {
  accountKeys: string[];
  /** Post-simulation state of the transaction's accounts (empty when it failed). */
  postAccounts: Map<string, AccountState | null>;
  /** The blockhash the simulation ran against. */
  blockhash: string;
}

/** The inner instructions of a run, skipping top-level instructions that made none. */
export function innerInstructionsOf(meta: TransactionMetadata): InnerInstructionsJson[] {
  const out: InnerInstructionsJson[] = [];
  meta.innerInstructions().forEach((list, index) => {
    if (list.length === 0) return;
    out.push({
      index,
      instructions: list.map((inner) => {
        const ix = inner.instruction();
        return {
          programIdIndex: ix.programIdIndex(),
          accounts: Array.from(ix.accounts()),
          data: encodeBase58(ix.data()),
          stackHeight: inner.stackHeight(),
        };
      }),
    });
  });
  return out;
}

/** Return data, or null when no program set any. */
export function returnDataOf(meta: TransactionMetadata): ReturnDataJson | null {
  const rd = meta.returnData();
  const programId = rd.programId();
  const data = rd.data();
  if (data.length === 0 && programId.every((b) => b === 0)) return null;
  return {
    programId: addressText(programId),
    data: [Buffer.from(data).toString("base64"), "base64"],
  };
}
