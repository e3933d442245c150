import {
  INVOKE_CPI_DISCRIMINATOR,
  InstructionDataInvokeCpiLayout,
  bn,
  type InstructionDataInvokeCpi,
} from "@lightprotocol/stateless.js";
import type { PublicKey, AccountMeta } from "@solana/web3.js";
import { LightInputError } from "./errors.js";
import {
  ACCOUNT_COMPRESSION_AUTHORITY,
  ACCOUNT_COMPRESSION_PROGRAM_ID,
  LIGHT_SYSTEM_PROGRAM_ID,
  NOOP_PROGRAM_ID,
  REGISTERED_PROGRAM_PDA,
  STATE_TREE_V1,
  SYSTEM_PROGRAM_ID,
  cpiAuthorityPda,
} from "./ids.js";
import { isBn254FieldElement } from "./field.js";

/** Light refuses more outputs than this in one invoke on a V1 tree. */
export const MAX_OUTPUTS_PER_INVOKE_V1 = 30;

export interface InvokeCpiAccountsInput {
  /** Pays the tree's rollover fee; signs the outer transaction. */
  feePayer: PublicKey;
  /** The program that CPIs Light; its `["cpi_authority"]` PDA is the authority. */
  invokingProgram: PublicKey;
  /** The output tree (remaining account 0); the V1 state tree by default. */
  tree?: PublicKey;
}

/**
 * Account metas of Light's classic invoke_cpi, in the order the Light System Program reads
 * them: fee payer, authority, registered-program PDA, noop, account-compression authority,
 * account-compression program, invoking program, sol pool (unused), decompression recipient
 * (unused), system program, cpi context (unused), then the tree. Unused slots hold the
 * Light System Program id, read-only. The authority is a PDA, so it is not a signer of the
 * outer transaction: the invoking program signs for it in its CPI.
 */
export function invokeCpiAccounts(input: InvokeCpiAccountsInput): AccountMeta[] {
  const readonly = (pubkey: PublicKey): AccountMeta => ({
    pubkey,
    isSigner: false,
    isWritable: false,
  });
  return [
    { pubkey: input.feePayer, isSigner: true, isWritable: true },
    readonly(cpiAuthorityPda(input.invokingProgram)),
    readonly(REGISTERED_PROGRAM_PDA),
    readonly(NOOP_PROGRAM_ID),
    readonly(ACCOUNT_COMPRESSION_AUTHORITY),
    readonly(ACCOUNT_COMPRESSION_PROGRAM_ID),
    readonly(input.invokingProgram),
    readonly(LIGHT_SYSTEM_PROGRAM_ID),
    readonly(LIGHT_SYSTEM_PROGRAM_ID),
    readonly(SYSTEM_PROGRAM_ID),
    readonly(LIGHT_SYSTEM_PROGRAM_ID),
    { pubkey: input.tree ?? STATE_TREE_V1, isSigner: false, isWritable: true },
  ];
}

/** The data part of a program-owned compressed account. */
export interface CompressedAccountData {
  discriminator: Uint8Array;
  data: Uint8Array;
  /** Chosen by the owning program; Light does not check it against `data`. */
  dataHash: Uint8Array;
}

/** A compressed account as Light's instruction data and events carry it. */
export interface CompressedAccount {
  owner: PublicKey;
  lamports: bigint;
  address: Uint8Array | null;
  data: CompressedAccountData | null;
}

export interface OutputCompressedAccount extends CompressedAccount {
  /** Index into the invoke's remaining accounts of the tree it goes to. */
  merkleTreeIndex: number;
}

export type OutputInput = {
  owner: PublicKey;
  lamports?: bigint;
  address?: Uint8Array | null;
  data?: CompressedAccountData | null;
  merkleTreeIndex?: number;
};

const U64_MAX = 2n ** 64n - 1n;

/**
 * invoke_cpi instruction data for output-only accounts (no proof, no inputs, no new
 * addresses): discriminator, u32 LE length, Borsh InstructionDataInvokeCpi, encoded by
 * stateless.js's InstructionDataInvokeCpiLayout. The reference a program must reproduce.
 */
export function encodeInvokeCpiData(outputs: readonly OutputInput[]): Uint8Array {
  if (outputs.length === 0) throw new LightInputError("outputs", "at least one is needed");
  if (outputs.length > MAX_OUTPUTS_PER_INVOKE_V1) {
    throw new LightInputError(
      "outputs",
      `${outputs.length} exceed Light's ${MAX_OUTPUTS_PER_INVOKE_V1} per invoke`,
    );
  }
  const body: InstructionDataInvokeCpi = {
    proof: null,
    newAddressParams: [],
    inputCompressedAccountsWithMerkleContext: [],
    outputCompressedAccounts: outputs.map((o, i) => toLayoutOutput(o, i)),
    relayFee: null,
    compressOrDecompressLamports: null,
    isCompress: false,
    compressedCpiContext: null,
  } as unknown as InstructionDataInvokeCpi;

  const size = outputs.reduce((n, o) => n + outputSize(o), 1 + 4 + 4 + 4 + 1 + 1 + 1 + 1);
  const buffer = Buffer.alloc(size);
  const written = InstructionDataInvokeCpiLayout.encode(body, buffer);
  const out = new Uint8Array(12 + written);
  out.set(INVOKE_CPI_DISCRIMINATOR, 0);
  new DataView(out.buffer).setUint32(8, written, true);
  out.set(buffer.subarray(0, written), 12);
  return out;
}

function outputSize(o: OutputInput): number {
  const address = o.address ? 33 : 1;
  const data = o.data ? 1 + 8 + 4 + o.data.data.length + 32 : 1;
  return 32 + 8 + address + data + 1;
}

function toLayoutOutput(o: OutputInput, i: number) {
  const lamports = o.lamports ?? 0n;
  if (lamports < 0n || lamports > U64_MAX) {
    throw new LightInputError(`outputs[${i}].lamports`, "not a u64");
  }
  const treeIndex = o.merkleTreeIndex ?? 0;
  if (!Number.isInteger(treeIndex) || treeIndex < 0 || treeIndex > 255) {
    throw new LightInputError(`outputs[${i}].merkleTreeIndex`, "not a u8");
  }
  if (o.address && o.address.length !== 32) {
    throw new LightInputError(`outputs[${i}].address`, "must be 32 bytes");
  }
  const data = o.data ? checkedData(o.data, i) : null;
  return {
    compressedAccount: {
      owner: o.owner,
      lamports: bn(lamports.toString()),
      address: o.address ? Array.from(o.address) : null,
      data,
    },
    merkleTreeIndex: treeIndex,
  };
}

function checkedData(d: CompressedAccountData, i: number) {
  if (d.discriminator.length !== 8) {
    throw new LightInputError(`outputs[${i}].data.discriminator`, "must be 8 bytes");
  }
  if (d.dataHash.length !== 32) {
    throw new LightInputError(`outputs[${i}].data.dataHash`, "must be 32 bytes");
  }
  // Light hashes data_hash with Poseidon, which refuses values outside the BN254 field.
  if (!isBn254FieldElement(d.dataHash)) {
    throw new LightInputError(`outputs[${i}].data.dataHash`, "not below the BN254 modulus");
  }
  return {
    discriminator: Array.from(d.discriminator),
    data: Buffer.from(d.data),
    dataHash: Array.from(d.dataHash),
  };
}
