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
