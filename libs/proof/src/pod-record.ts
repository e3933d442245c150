import { createHash } from "node:crypto";
import { PublicKey } from "@solana/web3.js";

/** Bytes of a CompressedMessage record: sender (32), envelope hash (32), created_at i64 LE. */
export const POD_RECORD_BYTES = 72;

/** Anchor's account discriminator of CompressedMessage, which the program gives each leaf. */
export const COMPRESSED_MESSAGE_DISCRIMINATOR: Uint8Array = createHash("sha256")
  .update("account:CompressedMessage")
  .digest()
  .subarray(0, 8);

/** A PoD compressed record, decoded from a compressed account's data. */
export interface PodRecord {
  sender: PublicKey;
  /** sha256(agent signature || canonical request bytes): the request's commitment. */
  envelopeHash: Uint8Array;
  /** Block time (unix seconds) when the program appended it. */
  createdAt: bigint;
}

/** Decodes CompressedMessage data, or undefined when the bytes do not have its layout. */
export function decodePodRecord(
  discriminator: Uint8Array,
  data: Uint8Array,
): PodRecord | undefined {
  if (!equalBytes(discriminator, COMPRESSED_MESSAGE_DISCRIMINATOR)) return undefined;
  if (data.length !== POD_RECORD_BYTES) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return {
    sender: new PublicKey(data.subarray(0, 32)),
    envelopeHash: data.slice(32, 64),
    createdAt: view.getBigInt64(64, true),
  };
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
