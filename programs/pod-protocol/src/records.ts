import { createHash, createPublicKey, verify } from "node:crypto";
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

// DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it.
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export interface Envelope {
  /** The agent's ed25519 signature over `canonical`. */
  signature: Uint8Array;
  /** The canonical request bytes the agent signed. */
  canonical: Uint8Array;
}

/**
 * Whether `envelope` proves that `sender` authored the record committing to `committed`:
 * the commitment matches sha256(signature || canonical) and the signature verifies. Needs no
 * trust in the relayer that submitted the record.
 */
export function verifyAuthorship(
  sender: PublicKey,
  committed: Uint8Array,
  envelope: Envelope,
): boolean {
  if (!envelopeHash(envelope.signature, envelope.canonical).equals(Buffer.from(committed))) {
    return false;
  }
  const key = createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, sender.toBuffer()]),
    format: "der",
    type: "spki",
  });
  return verify(null, envelope.canonical, key, envelope.signature);
}
