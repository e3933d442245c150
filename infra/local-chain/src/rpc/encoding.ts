import bs58 from "bs58";
import { PACKET_DATA_SIZE, type AccountState } from "@pod/svm";
import {
  INVALID_PARAMS,
  INVALID_REQUEST,
  RpcError,
  invalidParam,
  invalidParams,
} from "./errors.js";

const TX_TYPE = "solana_transaction::versioned::VersionedTransaction";
// Longest text that can encode PACKET_DATA_SIZE bytes, as the validator computes it.
const MAX_BASE58_LENGTH = 1683;
const MAX_BASE64_LENGTH = 1644;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export type BinaryEncoding = "base58" | "base64";

/** Transaction bytes from a send/simulate parameter, size-checked as a validator does. */
export function decodeTransactionParam(text: string, encoding: BinaryEncoding): Uint8Array {
  const max = encoding === "base58" ? MAX_BASE58_LENGTH : MAX_BASE64_LENGTH;
  if (text.length > max) {
    throw invalidParams(
      `${encoding} encoded ${TX_TYPE} too large: ${text.length} bytes ` +
        `(max: encoded/raw ${max}/${PACKET_DATA_SIZE})`,
    );
  }
  let bytes: Uint8Array;
  if (encoding === "base58") {
    try {
      bytes = bs58.decode(text);
    } catch (cause) {
      throw new RpcError(INVALID_PARAMS, `invalid base58 encoding: ${String(cause)}`);
    }
  } else {
    if (text.length % 4 !== 0 || !BASE64.test(text)) {
      throw invalidParams("invalid base64 encoding: InvalidByte or InvalidLength");
    }
    bytes = new Uint8Array(Buffer.from(text, "base64"));
  }
  if (bytes.length > PACKET_DATA_SIZE) {
    throw invalidParams(
      `decoded ${TX_TYPE} too large: ${bytes.length} bytes (max: ${PACKET_DATA_SIZE} bytes)`,
    );
  }
  return bytes;
}

/** The validator's message for bytes that do not deserialize as a transaction. */
export function undecodableTransaction(detail: string): RpcError {
  return invalidParams(`failed to deserialize ${TX_TYPE}: ${detail}`);
}

export type AccountEncoding = "base58" | "base64" | "base64+zstd" | "jsonParsed" | "binary";

export interface DataSlice {
  offset: number;
  length: number;
}

/** An account as getAccountInfo returns it; jsonParsed falls back to base64 like a validator. */
export function encodeAccount(
  account: AccountState,
  encoding: AccountEncoding = "binary",
  slice?: DataSlice,
): Record<string, unknown> {
  const data = slice
    ? account.data.subarray(slice.offset, slice.offset + slice.length)
    : account.data;
  let encoded: unknown;
  if (encoding === "base64" || encoding === "jsonParsed") {
    encoded = [Buffer.from(data).toString("base64"), "base64"];
  } else if (encoding === "base64+zstd") {
    throw invalidParam("base64+zstd encoding is not supported by this node; use base64");
  } else {
    if (data.length > 128) {
      throw new RpcError(
        INVALID_REQUEST,
        "Encoded binary (base 58) data should be less than 128 bytes, please use Base64 encoding.",
      );
    }
    encoded = encoding === "binary" ? bs58.encode(data) : [bs58.encode(data), "base58"];
  }
  return {
    data: encoded,
    executable: account.executable,
    lamports: account.lamports,
    owner: account.owner,
    rentEpoch: account.rentEpoch,
    space: account.data.length,
  };
}

/** Checks that a parameter is base58 of exactly `length` bytes, with the validator's error text. */
function base58Param(text: string, length: number): string {
  let bytes: Uint8Array;
  try {
    bytes = bs58.decode(text);
  } catch {
    throw invalidParam("Invalid");
  }
  if (bytes.length !== length) throw invalidParam("Invalid");
  return text;
}

/** Parses a base58 address parameter with the validator's error text. */
export function addressParam(text: string): string {
  return base58Param(text, 32);
}

/** Parses a base58 transaction signature parameter with the validator's error text. */
export function signatureParam(text: string): string {
  return base58Param(text, 64);
}
