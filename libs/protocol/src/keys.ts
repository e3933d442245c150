import { ed25519 } from "@noble/curves/ed25519.js";
import { InvalidKeyError } from "./errors.js";
import { fromBase58, toBase58 } from "./encoding.js";
import { PUBLIC_KEY_BYTES } from "./limits.js";

/**
 * An ed25519 keypair in Solana's layout: `secretKey` is the 32-byte seed followed by the
 * 32-byte public key, exactly what a Solana keypair file and web3.js `Keypair` hold.
 */
export interface Keypair {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
  /** The public key in base58: the agent's address. */
  readonly address: string;
}

const SEED_BYTES = 32;
const SECRET_KEY_BYTES = 64;

/** The keypair of a 32-byte seed. */
export function keypairFromSeed(seed: Uint8Array): Keypair {
  if (seed.length !== SEED_BYTES) {
    throw new InvalidKeyError(`seed must be ${SEED_BYTES} bytes, got ${seed.length}`);
  }
  const publicKey = ed25519.getPublicKey(seed);
  const secretKey = new Uint8Array(SECRET_KEY_BYTES);
  secretKey.set(seed, 0);
  secretKey.set(publicKey, SEED_BYTES);
  return { publicKey, secretKey, address: toBase58(publicKey) };
}

/**
 * The keypair of a 64-byte Solana secret key (seed || public key), whose public half must be
 * the one the seed derives; a bare 32-byte seed is accepted too.
 */
export function keypairFromSecretKey(bytes: Uint8Array): Keypair {
  if (bytes.length === SEED_BYTES) return keypairFromSeed(bytes);
  if (bytes.length !== SECRET_KEY_BYTES) {
    throw new InvalidKeyError(`secret key must be ${SECRET_KEY_BYTES} bytes, got ${bytes.length}`);
  }
  const keypair = keypairFromSeed(bytes.slice(0, SEED_BYTES));
  const claimed = bytes.subarray(SEED_BYTES);
  if (!keypair.publicKey.every((b, i) => b === claimed[i])) {
    throw new InvalidKeyError("secret key's public half does not match its seed");
  }
  return keypair;
}

/** A fresh random keypair. */
export function generateKeypair(): Keypair {
  return keypairFromSeed(ed25519.utils.randomSecretKey());
}

/** The keypair in a Solana keypair file: a JSON array of 64 integers 0..255. */
export function parseKeypairFile(json: string): Keypair {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    throw new InvalidKeyError("keypair file is not JSON", { cause });
  }
  if (
    !Array.isArray(value) ||
    value.length !== SECRET_KEY_BYTES ||
    !value.every((n) => Number.isInteger(n) && n >= 0 && n <= 255)
  ) {
    throw new InvalidKeyError(`keypair file must be a JSON array of ${SECRET_KEY_BYTES} bytes`);
  }
  return keypairFromSecretKey(Uint8Array.from(value as number[]));
}

/** The Solana keypair file text of `keypair`. */
export function formatKeypairFile(keypair: Keypair): string {
  return JSON.stringify(Array.from(keypair.secretKey));
}

/** The 32 bytes of a base58 public key; throws InvalidKeyError for anything else. */
export function publicKeyBytes(address: string): Uint8Array {
  const bytes = fromBase58(address);
  if (bytes === undefined || bytes.length !== PUBLIC_KEY_BYTES) {
    throw new InvalidKeyError(`not a base58 ${PUBLIC_KEY_BYTES}-byte public key: ${address}`, {
      details: { address },
    });
  }
  return bytes;
}
