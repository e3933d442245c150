import type { ExecutionResult, TransactionErrorJson } from "@pod/svm";
import type { AccountDelta } from "./account-delta.js";
import { LedgerFormatError } from "../errors.js";

/** A landed transaction as kept in the signature history (everything getTransaction needs). */
export interface StoredTransaction {
  signature: string;
  slot: bigint;
  blockTime: number;
  /** The transaction's wire bytes. */
  wire: Uint8Array;
  err: TransactionErrorJson | null;
  fee: bigint;
  logs: string[];
  computeUnitsConsumed: bigint;
  innerInstructions: ExecutionResult["innerInstructions"];
  preBalances: bigint[];
  postBalances: bigint[];
  accountKeys: string[];
  loadedAddresses: ExecutionResult["loadedAddresses"];
  returnData: ExecutionResult["returnData"];
}

export type LedgerRecord =
  | { type: "tx"; tx: StoredTransaction; accounts: AccountDelta[] }
  | { type: "accounts"; accounts: AccountDelta[] }
  | { type: "clock"; slot: bigint; blockHeight: bigint };

// JSON with bigints and bytes tagged so they round-trip exactly. The raw value is read from
// the holder because a Buffer's toJSON would otherwise have run first.
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (typeof raw === "bigint") return { $n: raw.toString() };
  if (raw instanceof Uint8Array) {
    return { $b: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("base64") };
  }
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === "object") {
    const v = value as { $n?: string; $b?: string };
    if (typeof v.$n === "string" && Object.keys(v).length === 1) return BigInt(v.$n);
    if (typeof v.$b === "string" && Object.keys(v).length === 1) {
      return new Uint8Array(Buffer.from(v.$b, "base64"));
    }
  }
  return value;
}

export function encodeRecord(record: LedgerRecord): Buffer {
  return Buffer.from(JSON.stringify(record, replacer));
}

export function decodeRecord(payload: Buffer, offset: number): LedgerRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString("utf8"), reviver);
  } catch {
    throw new LedgerFormatError(offset, "not JSON");
  }
  const type = (parsed as { type?: unknown }).type;
  if (type !== "tx" && type !== "accounts" && type !== "clock") {
    throw new LedgerFormatError(offset, `unknown record type ${String(type)}`);
  }
  return parsed as LedgerRecord;
}
