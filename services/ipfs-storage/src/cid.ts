import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { CidInvalidError } from "./errors.js";

/** dag-pb: UnixFS nodes over raw leaves, what addBytes makes for content over one chunk. */
export const DAG_PB_CODE = 0x70;
export const RAW_CODE = raw.code;
export const SHA2_256_CODE = sha256.code;

/**
 * `text` as a CID this node can hold: raw or dag-pb, sha2-256. Anything else (not a CID,
 * identity hashes, other codecs) is CID_INVALID, so every block served is one whose hash is
 * checked here.
 */
export function parseCid(text: string): CID {
  let cid: CID;
  try {
    cid = CID.parse(text.trim());
  } catch (cause) {
    throw new CidInvalidError(`${JSON.stringify(text.slice(0, 100))} is not a CID`, { cause });
  }
  if (cid.code !== RAW_CODE && cid.code !== DAG_PB_CODE) {
    throw new CidInvalidError(`codec 0x${cid.code.toString(16)} is not raw or dag-pb`);
  }
  if (cid.multihash.code !== SHA2_256_CODE || cid.multihash.digest.length !== 32) {
    throw new CidInvalidError(`hash 0x${cid.multihash.code.toString(16)} is not sha2-256`);
  }
  return cid;
}

/** CIDv1(raw, sha2-256(bytes)): the CID of content that fits one block. */
export async function rawCidOf(bytes: Uint8Array): Promise<CID> {
  return CID.createV1(RAW_CODE, await sha256.digest(bytes));
}

/** True when `bytes` hash (sha2-256) to the digest in `cid`. */
export async function matchesCid(cid: CID, bytes: Uint8Array): Promise<boolean> {
  const digest = (await sha256.digest(bytes)).digest;
  const expected = cid.multihash.digest;
  return digest.length === expected.length && Buffer.from(digest).equals(Buffer.from(expected));
}
