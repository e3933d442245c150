import type { WireTransaction } from "./wire.js";

/** Lamports charged per signature, the cluster default LiteSVM also uses. */
export const LAMPORTS_PER_SIGNATURE = 5000n;

const COMPUTE_BUDGET_PROGRAM = "ComputeBudget111111111111111111111111111111";
const PRECOMPILES = new Set([
  "Ed25519SigVerify111111111111111111111111111",
  "KeccakSecp256k11111111111111111111111111111",
  "Secp256r1SigVerify1111111111111111111111111",
]);
const DEFAULT_UNITS_PER_INSTRUCTION = 200_000n;
const MAX_COMPUTE_UNITS = 1_400_000n;
const MICRO_LAMPORTS_PER_LAMPORT = 1_000_000n;

function readU32(data: Uint8Array, at: number): bigint {
  return BigInt(new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(at, true));
}

function readU64(data: Uint8Array, at: number): bigint {
  return new DataView(data.buffer, data.byteOffset, data.byteLength).getBigUint64(at, true);
}

/**
 * The fee a cluster charges for this transaction: signatures (including precompile ones)
 * times the per-signature fee, plus the priority fee of the compute-unit price instructions.
 */
export function transactionFee(tx: WireTransaction): bigint {
  let signatures = BigInt(tx.header.numRequiredSignatures);
  let unitLimit: bigint | undefined;
  let unitPrice = 0n;
  let otherInstructions = 0n;

  for (const ix of tx.instructions) {
    const program = tx.staticAccountKeys[ix.programIdIndex];
    if (program === COMPUTE_BUDGET_PROGRAM) {
      if (ix.data[0] === 2 && ix.data.length >= 5) unitLimit = readU32(ix.data, 1);
      if (ix.data[0] === 3 && ix.data.length >= 9) unitPrice = readU64(ix.data, 1);
      continue;
    }
    otherInstructions += 1n;
    if (program !== undefined && PRECOMPILES.has(program)) signatures += BigInt(ix.data[0] ?? 0);
  }

  const limit = unitLimit ?? otherInstructions * DEFAULT_UNITS_PER_INSTRUCTION;
  const units = limit > MAX_COMPUTE_UNITS ? MAX_COMPUTE_UNITS : limit;
  const priority =
    (unitPrice * units + MICRO_LAMPORTS_PER_LAMPORT - 1n) / MICRO_LAMPORTS_PER_LAMPORT;
  return signatures * LAMPORTS_PER_SIGNATURE + priority;
}
