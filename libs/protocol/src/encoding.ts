import bs58 from "bs58";
import { sha256 } from "@noble/hashes/sha2.js";

/**
 * Byte encodings used on the wire: base58 (Solana's, for keys, signatures and 32-byte ids),
 * standard padded base64 (RFC 4648 section 4) for content, lowercase hex for hashes.
 */

const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX_PATTERN = /^(?:[0-9a-f]{2})*$/;
const utf8 = new TextEncoder();

export function toBase58(bytes: Uint8Array): string {
  return bs58.encode(bytes);
}

/** Decodes base58, or returns undefined when `s` is not base58. */
export function fromBase58(s: string): Uint8Array | undefined {
  try {
    return bs58.decode(s);
  } catch {
    return undefined;
  }
}

/**
 * True when `s` is base58 of exactly `length` bytes. Base58 has one spelling per byte string
 * (each leading "1" is one zero byte, the rest a number without leading zeros), so no
 * re-encoding check is needed.
 */
export function isBase58OfLength(s: string, length: number): boolean {
  // 32 bytes take at most 44 characters, 64 bytes at most 88: cut long input before decoding.
  if (s.length > Math.ceil(length * 1.38) + 1) return false;
  const bytes = fromBase58(s);
  return bytes !== undefined && bytes.length === length;
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** Decodes canonical padded base64, or returns undefined for anything else. */
export function fromBase64(s: string): Uint8Array | undefined {
  if (s.length % 4 !== 0 || !BASE64_PATTERN.test(s)) return undefined;
  const bytes = new Uint8Array(Buffer.from(s, "base64"));
  // Non-zero padding bits decode to the same bytes: refuse them so each value has one spelling.
  return toBase64(bytes) === s ? bytes : undefined;
}

/** Decoded size of a base64 string, without decoding it. */
export function base64DecodedLength(s: string): number {
  const padding = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
  return (s.length / 4) * 3 - padding;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** Decodes lowercase hex, or returns undefined for anything else. */
export function fromHex(s: string): Uint8Array | undefined {
  if (!HEX_PATTERN.test(s)) return undefined;
  return new Uint8Array(Buffer.from(s, "hex"));
}

export function utf8Bytes(s: string): Uint8Array {
  return utf8.encode(s);
}

/** sha256 of the concatenation of `parts`. */
export function sha256Of(...parts: Uint8Array[]): Uint8Array {
  const hash = sha256.create();
  for (const part of parts) hash.update(part);
  return hash.digest();
}
