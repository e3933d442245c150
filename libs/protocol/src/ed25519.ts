import { ed25519 } from "@noble/curves/ed25519.js";
import type { Keypair } from "./keys.js";
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from "./limits.js";

/** The ed25519 signature of `message` by `keypair`. */
export function signBytes(message: Uint8Array, keypair: Keypair): Uint8Array {
  return ed25519.sign(message, keypair.secretKey.subarray(0, 32));
}

/**
 * True when `sig` is a valid RFC 8032 ed25519 signature of `message` by `publicKey`. Strict
 * (no ZIP-215 leniency): non-canonical encodings are refused, so a signature has one spelling.
 */
export function verifyBytes(message: Uint8Array, sig: Uint8Array, publicKey: Uint8Array): boolean {
  if (sig.length !== SIGNATURE_BYTES || publicKey.length !== PUBLIC_KEY_BYTES) return false;
  try {
    return ed25519.verify(sig, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}
