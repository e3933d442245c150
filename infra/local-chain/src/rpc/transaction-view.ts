import bs58 from "bs58";
import { decodeWireTransaction, isStaticWritable, type WireTransaction } from "@pod/svm";
import type { StoredTransaction } from "../ledger/records.js";

export type TransactionEncoding = "json" | "jsonParsed" | "base64" | "base58";

function messageJson(wire: WireTransaction): Record<string, unknown> {
  const message: Record<string, unknown> = {
    accountKeys: wire.staticAccountKeys,
    header: wire.header,
    instructions: wire.instructions.map((ix) => ({
      accounts: ix.accounts,
      data: bs58.encode(ix.data),
      programIdIndex: ix.programIdIndex,
      stackHeight: null,
    })),
    recentBlockhash: wire.recentBlockhash,
  };
  if (wire.version === 0) message.addressTableLookups = wire.addressTableLookups;
  return message;
}

// jsonParsed without program parsers: every instruction "partially decoded", as a validator
// does for programs it cannot parse.
function parsedMessageJson(wire: WireTransaction, keys: string[], loadedWritable: number) {
  const staticCount = wire.staticAccountKeys.length;
  return {
    accountKeys: keys.map((pubkey, i) => ({
      pubkey,
      signer: i < wire.header.numRequiredSignatures,
      writable: i < staticCount ? isStaticWritable(wire, i) : i < staticCount + loadedWritable,
      source: i < staticCount ? "transaction" : "lookupTable",
    })),
    instructions: wire.instructions.map((ix) => ({
      accounts: ix.accounts.map((i) => keys[i]),
      data: bs58.encode(ix.data),
      programId: keys[ix.programIdIndex],
      stackHeight: null,
    })),
    recentBlockhash: wire.recentBlockhash,
    ...(wire.version === 0 ? { addressTableLookups: wire.addressTableLookups } : {}),
  };
}

/** The `transaction` field of getTransaction in the requested encoding. */
export function transactionField(
  stored: StoredTransaction,
  encoding: TransactionEncoding,
): unknown {
  if (encoding === "base64") return [Buffer.from(stored.wire).toString("base64"), "base64"];
  if (encoding === "base58") return [bs58.encode(stored.wire), "base58"];
  const wire = decodeWireTransaction(stored.wire);
  const message =
    encoding === "json"
      ? messageJson(wire)
      : parsedMessageJson(wire, stored.accountKeys, stored.loadedAddresses.writable.length);
  return { message, signatures: wire.signatures };
}

/** The `meta` field of getTransaction, as a validator fills it. */
export function metaField(stored: StoredTransaction, encoding: TransactionEncoding): unknown {
  const innerInstructions =
    encoding === "jsonParsed"
      ? stored.innerInstructions.map((group) => ({
          index: group.index,
          instructions: group.instructions.map((ix) => ({
            accounts: ix.accounts.map((i) => stored.accountKeys[i]),
            data: ix.data,
            programId: stored.accountKeys[ix.programIdIndex],
            stackHeight: ix.stackHeight,
          })),
        }))
      : stored.innerInstructions;
  const meta: Record<string, unknown> = {
    computeUnitsConsumed: stored.computeUnitsConsumed,
    err: stored.err,
    fee: stored.fee,
    innerInstructions,
    loadedAddresses: stored.loadedAddresses,
    logMessages: stored.logs,
    postBalances: stored.postBalances,
    postTokenBalances: [],
    preBalances: stored.preBalances,
    preTokenBalances: [],
    rewards: [],
    status: stored.err === null ? { Ok: null } : { Err: stored.err },
  };
  if (stored.returnData !== null) meta.returnData = stored.returnData;
  return meta;
}

/** The message version of stored wire bytes: "legacy" or 0. */
export function versionOf(stored: StoredTransaction): "legacy" | 0 {
  const signatureCount = stored.wire[0] as number;
  const first = stored.wire[1 + signatureCount * 64] as number;
  return (first & 0x80) !== 0 ? 0 : "legacy";
}
