import {
  ComputeBudgetInstruction,
  ComputeBudgetProgram,
  type TransactionInstruction,
} from "@solana/web3.js";
import { CHAIN_ERROR_CODES, ChainError } from "./errors.js";

/**
 * SetComputeUnitLimit(units) and, when the price is above 0, SetComputeUnitPrice. A zero
 * price instruction would change nothing on chain and cost 11+ packet bytes.
 */
export function computeBudgetInstructions(opts: {
  units: number;
  microLamportsPerUnit: number;
}): TransactionInstruction[] {
  const { units, microLamportsPerUnit } = opts;
  if (!Number.isInteger(units) || units < 0 || units > 1_400_000) {
    throw new ChainError(
      CHAIN_ERROR_CODES.configInvalid,
      `compute unit limit must be 0..1400000, got ${units}`,
    );
  }
  if (!Number.isInteger(microLamportsPerUnit) || microLamportsPerUnit < 0) {
    throw new ChainError(
      CHAIN_ERROR_CODES.configInvalid,
      `compute unit price must be a non-negative integer, got ${microLamportsPerUnit}`,
    );
  }
  const instructions = [ComputeBudgetProgram.setComputeUnitLimit({ units })];
  if (microLamportsPerUnit > 0) {
    instructions.push(
      ComputeBudgetProgram.setComputeUnitPrice({ microLamports: microLamportsPerUnit }),
    );
  }
  return instructions;
}

export type DecodedComputeBudget =
  | { type: "SetComputeUnitLimit"; units: number }
  | { type: "SetComputeUnitPrice"; microLamports: bigint }
  | { type: "RequestHeapFrame"; bytes: number }
  | { type: "RequestUnits"; units: number; additionalFee: number };

/** Decodes a compute-budget instruction (undefined for any other program's instruction). */
export function decodeComputeBudget(ix: TransactionInstruction): DecodedComputeBudget | undefined {
  if (!ix.programId.equals(ComputeBudgetProgram.programId)) return undefined;
  const type = ComputeBudgetInstruction.decodeInstructionType(ix);
  switch (type) {
    case "SetComputeUnitLimit":
      return { type, units: ComputeBudgetInstruction.decodeSetComputeUnitLimit(ix).units };
    case "SetComputeUnitPrice":
      return {
        type,
        microLamports: BigInt(ComputeBudgetInstruction.decodeSetComputeUnitPrice(ix).microLamports),
      };
    case "RequestHeapFrame":
      return { type, bytes: ComputeBudgetInstruction.decodeRequestHeapFrame(ix).bytes };
    case "RequestUnits": {
      const { units, additionalFee } = ComputeBudgetInstruction.decodeRequestUnits(ix);
      return { type, units, additionalFee };
    }
  }
}
