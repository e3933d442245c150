import { join } from "node:path";
import { buildProgram } from "@pod/sbf-build";
import { TransactionInstruction, type AccountMeta, type PublicKey } from "@solana/web3.js";
import {
  LIGHT_SYSTEM_PROGRAM_ID,
  cpiAuthorityBump,
  encodeInvokeCpiData,
  invokeCpiAccounts,
  type OutputInput,
} from "../src/index.js";

/** Builds the forwarding test program (test/fixtures/light-forwarder.c) to `outFile`. */
export async function buildForwarder(outFile: string): Promise<void> {
  await buildProgram({
    sources: [join(import.meta.dirname, "fixtures/light-forwarder.c")],
    outFile,
  });
}

/** An instruction that makes `program` (the forwarder) invoke_cpi Light with `outputs`. */
export function forwardIx(
  program: PublicKey,
  feePayer: PublicKey,
  outputs: OutputInput[],
  accounts?: AccountMeta[],
): TransactionInstruction {
  const data = encodeInvokeCpiData(outputs);
  return new TransactionInstruction({
    programId: program,
    keys: [
      { pubkey: LIGHT_SYSTEM_PROGRAM_ID, isSigner: false, isWritable: false },
      ...(accounts ?? invokeCpiAccounts({ feePayer, invokingProgram: program })),
    ],
    data: Buffer.from([cpiAuthorityBump(program), ...data]),
  });
}
