import { createPublicKey, verify } from "node:crypto";
import { addressBytes } from "./accounts.js";
import type { WireTransaction } from "./wire.js";

// SubjectPublicKeyInfo prefix of a raw 32-byte Ed25519 key.
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/**
 * Whether every required signature verifies against the message, checked on its own the
 * way a validator's RPC does before simulating (so a bad signature is reported as such even
 * when the blockhash is also stale).
 */
export function signaturesVerify(tx: WireTransaction): boolean {
  const required = tx.header.numRequiredSignatures;
  if (tx.signatures.length !== required) return false;
  const message = Buffer.from(tx.messageBytes);
  // The signatures sit right after their one-byte count (a packet cannot hold 128).
  for (let i = 0; i < required; i++) {
    const signer = tx.staticAccountKeys[i];
    if (signer === undefined) return false;
    const key = createPublicKey({
      key: Buffer.concat([ED25519_SPKI_PREFIX, addressBytes(signer)]),
      format: "der",
      type: "spki",
    });
    const signature = tx.bytes.subarray(1 + i * 64, 1 + (i + 1) * 64);
    if (!verify(null, message, key, signature)) return false;
  }
  return true;
}
