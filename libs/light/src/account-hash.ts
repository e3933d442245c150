import { hashToBn254FieldSizeBe } from "@lightprotocol/stateless.js";
import type { PublicKey } from "@solana/web3.js";
import { LightInputError } from "./errors.js";
import { bigIntToBe, isBn254FieldElement } from "./field.js";
import { poseidon } from "./hasher.js";

/** V1: concurrent trees (leaf index and lamports little-endian); V2: batched trees. */
export type TreeVersion = "v1" | "v2";

export interface AccountHashInput {
  owner: PublicKey;
  leafIndex: number;
  tree: PublicKey;
  lamports?: bigint;
  address?: Uint8Array | null;
  data?: { discriminator: Uint8Array; dataHash: Uint8Array } | null;
  /** Default "v1". */
  treeVersion?: TreeVersion;
}

// Domain tags keep lamports and discriminator apart even when their bytes coincide.
const LAMPORTS_TAG = 1;
const DISCRIMINATOR_TAG = 2;

/**
 * Light's compressed account hash: Poseidon(H(owner), leaf_index, H(tree), [lamports],
 * [address], [tagged discriminator, data_hash]) with H = hashToBn254FieldSizeBe. Equals the
 * leaf Light appends for the account.
 */
export function hashCompressedAccount(input: AccountHashInput): Uint8Array {
  const version = input.treeVersion ?? "v1";
  const lamports = input.lamports ?? 0n;
  checkInput(input, lamports);

  const parts: Uint8Array[] = [fieldHash(input.owner), leafIndexBytes(input.leafIndex, version)];
  parts.push(fieldHash(input.tree));
  if (lamports !== 0n) parts.push(taggedU64(LAMPORTS_TAG, u64Bytes(lamports, version)));
  if (input.address) parts.push(input.address);
  if (input.data) {
    parts.push(taggedU64(DISCRIMINATOR_TAG, input.data.discriminator));
    parts.push(input.data.dataHash);
  }
  return poseidon(parts);
}

function checkInput(input: AccountHashInput, lamports: bigint): void {
  const { leafIndex, address, data } = input;
  if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex > 0xffff_ffff) {
    throw new LightInputError("leafIndex", "not a u32");
  }
  if (lamports < 0n || lamports >= 2n ** 64n) throw new LightInputError("lamports", "not a u64");
  if (address && (address.length !== 32 || !isBn254FieldElement(address))) {
    throw new LightInputError("address", "not 32 bytes below the BN254 modulus");
  }
  if (data && data.discriminator.length !== 8) {
    throw new LightInputError("data.discriminator", "must be 8 bytes");
  }
  if (data && (data.dataHash.length !== 32 || !isBn254FieldElement(data.dataHash))) {
    throw new LightInputError("data.dataHash", "not 32 bytes below the BN254 modulus");
  }
}

// Owners and trees repeat across a batch of records; their field hashes are worth keeping.
const FIELD_HASH_CACHE_LIMIT = 1024;
const fieldHashes = new Map<string, Uint8Array>();

function fieldHash(key: PublicKey): Uint8Array {
  const id = key.toBase58();
  const known = fieldHashes.get(id);
  if (known) return known;
  const result = hashToBn254FieldSizeBe(key.toBuffer());
  // Keccak with 256 bump seeds failing to land below the modulus has probability ~2^-512.
  if (!result) throw new LightInputError("pubkey", `no field hash for ${id}`);
  if (fieldHashes.size >= FIELD_HASH_CACHE_LIMIT) fieldHashes.clear();
  const hash = new Uint8Array(result[0]);
  fieldHashes.set(id, hash);
  return hash;
}

// On V1 trees Light hashes the little-endian bytes, which Poseidon then reads as big-endian.
function leafIndexBytes(leafIndex: number, version: TreeVersion): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, leafIndex, version === "v1");
  return out;
}

function u64Bytes(value: bigint, version: TreeVersion): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value, version === "v1");
  return out;
}

// The tag byte sits just above the eight value bytes (V1 hashes 9 bytes, V2 a 32-byte word
// with the tag at byte 23): the same field element either way.
function taggedU64(tag: number, eight: Uint8Array): Uint8Array {
  return bigIntToBe((BigInt(tag) << 64n) | BigInt("0x" + Buffer.from(eight).toString("hex")), 9);
}
