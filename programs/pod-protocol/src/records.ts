import { createHash } from "node:crypto";
import type { PublicKey } from "@solana/web3.js";

/** Bytes of one compressed record's Borsh data (the CompressedMessage fields). */
export function compressedMessageData(
  sender: PublicKey,
  envelopeHash: Uint8Array,
  createdAt: bigint,
) {
  const out = Buffer.alloc(72);
  sender.toBuffer().copy(out, 0);
  Buffer.from(envelopeHash).copy(out, 32);
  out.writeBigInt64LE(createdAt, 64);
  return out;
}

/** The data hash the program gives a record: sha256 of its data, top byte zeroed (BN254). */
export function recordDataHash(data: Uint8Array): Buffer {
  const hash = createHash("sha256").update(data).digest();
  hash[0] = 0;
  return hash;
}

/**
 * The envelope hash a record commits to: sha256(agent signature || canonical request bytes).
 * With the signature and the canonical bytes, anyone checks authorship against the sender key.
 */
export function envelopeHash(signature: Uint8Array, canonical: Uint8Array): Buffer {
  return createHash("sha256").update(signature).update(canonical).digest();
}
