/**
 * Just enough of CIDv1 to check content against the CIDs ipfs-storage hands out: base32
 * (multibase "b"), version 1, codec raw (0x55) or dag-pb (0x70), sha2-256 multihash.
 */

export const RAW_CODEC = 0x55;
export const DAG_PB_CODEC = 0x70;
const SHA2_256 = 0x12;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

export interface ParsedCid {
  codec: number;
  /** The sha2-256 digest the CID names. */
  digest: Uint8Array;
}

function base32Decode(s: string): Uint8Array | undefined {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of s) {
    const index = BASE32.indexOf(ch);
    if (index < 0) return undefined;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  // Leftover bits must be zero: one spelling per CID.
  if ((value & ((1 << bits) - 1)) !== 0) return undefined;
  return Uint8Array.from(out);
}

function readVarint(bytes: Uint8Array, at: { i: number }): number | undefined {
  let result = 0;
  for (let shift = 0; shift < 28; shift += 7) {
    const byte = bytes[at.i++];
    if (byte === undefined) return undefined;
    result |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return result;
  }
  return undefined;
}

/** base32 (lowercase, no padding) with the multibase prefix "b". */
export function base32Cid(bytes: Uint8Array): string {
  let out = "b";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(value >>> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** CIDv1(raw, sha2-256 digest): the CID ipfs-storage gives content of one block. */
export function rawCidOf(digest: Uint8Array): string {
  return base32Cid(Uint8Array.from([1, RAW_CODEC, SHA2_256, 32, ...digest]));
}

/** The codec and sha2-256 digest of a base32 CIDv1, or undefined for anything else. */
export function parseCid(cid: string): ParsedCid | undefined {
  if (!cid.startsWith("b")) return undefined;
  const bytes = base32Decode(cid.slice(1));
  if (!bytes) return undefined;
  const at = { i: 0 };
  if (readVarint(bytes, at) !== 1) return undefined;
  const codec = readVarint(bytes, at);
  if (codec !== RAW_CODEC && codec !== DAG_PB_CODEC) return undefined;
  if (readVarint(bytes, at) !== SHA2_256 || readVarint(bytes, at) !== 32) return undefined;
  const digest = bytes.subarray(at.i);
  return digest.length === 32 ? { codec, digest } : undefined;
}
