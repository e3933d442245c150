import {
  INVOKE_CPI_DISCRIMINATOR,
  INVOKE_DISCRIMINATOR,
  decodeInstructionDataInvoke,
  decodeInstructionDataInvokeCpi,
} from "@lightprotocol/stateless.js";
import { PublicKey } from "@solana/web3.js";
import { startsWith } from "./bytes.js";
import { LightDecodeError } from "./errors.js";
import type { OutputCompressedAccount } from "./invoke-cpi.js";

/** Decodes invoke_cpi instruction data (with its discriminator) into its output accounts. */
export function decodeInvokeCpiOutputs(data: Uint8Array): OutputCompressedAccount[] {
  if (data.length < 12 || !startsWith(data, INVOKE_CPI_DISCRIMINATOR)) {
    throw new LightDecodeError("invoke_cpi data", "missing the invoke_cpi discriminator");
  }
  try {
    return decodeInstructionDataInvokeCpi(Buffer.from(data)).outputCompressedAccounts.map(
      fromLayoutOutput,
    );
  } catch (cause) {
    throw new LightDecodeError("invoke_cpi data", "Borsh layout mismatch", { cause });
  }
}

/** Decodes a top-level invoke's instruction data into its output accounts. */
export function decodeInvokeOutputs(data: Uint8Array): OutputCompressedAccount[] {
  if (data.length < 12 || !startsWith(data, INVOKE_DISCRIMINATOR)) {
    throw new LightDecodeError("invoke data", "missing the invoke discriminator");
  }
  try {
    return decodeInstructionDataInvoke(Buffer.from(data)).outputCompressedAccounts.map(
      fromLayoutOutput,
    );
  } catch (cause) {
    throw new LightDecodeError("invoke data", "Borsh layout mismatch", { cause });
  }
}

/** The outputs of a Light System Program instruction, or null when it is not an invoke. */
export function lightInvokeOutputs(data: Uint8Array): OutputCompressedAccount[] | null {
  if (startsWith(data, INVOKE_CPI_DISCRIMINATOR)) return decodeInvokeCpiOutputs(data);
  if (startsWith(data, INVOKE_DISCRIMINATOR)) return decodeInvokeOutputs(data);
  return null;
}

// stateless.js's decoded shape: keys as PublicKey, u64 as BN, byte arrays as number[].
interface LayoutOutput {
  compressedAccount: {
    owner: PublicKey;
    lamports: { toString(): string };
    address: number[] | null;
    data: { discriminator: number[]; data: Uint8Array; dataHash: number[] } | null;
  };
  merkleTreeIndex: number;
}

function fromLayoutOutput(raw: unknown): OutputCompressedAccount {
  const o = raw as LayoutOutput;
  const a = o.compressedAccount;
  return {
    owner: new PublicKey(a.owner),
    lamports: BigInt(a.lamports.toString()),
    address: a.address ? Uint8Array.from(a.address) : null,
    data: a.data
      ? {
          discriminator: Uint8Array.from(a.data.discriminator),
          data: Uint8Array.from(a.data.data),
          dataHash: Uint8Array.from(a.data.dataHash),
        }
      : null,
    merkleTreeIndex: o.merkleTreeIndex,
  };
}
