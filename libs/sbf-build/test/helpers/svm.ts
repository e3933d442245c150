import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  AccountRole,
  appendTransactionMessageInstructions,
  createTransactionMessage,
  generateKeyPairSigner,
  lamports,
  pipe,
  setTransactionMessageFeePayerSigner,
  signTransactionMessageWithSigners,
} from "@solana/kit";
import type {
  AccountMeta,
  AccountSignerMeta,
  Address,
  Instruction,
  InstructionWithSigners,
  KeyPairSigner,
} from "@solana/kit";

/** An instruction whose signer accounts carry their signer, as kit signs them. */
export type SignedInstruction = Instruction & InstructionWithSigners;
import { FailedTransactionMetadata } from "litesvm";
import type { LiteSVM, TransactionMetadata } from "litesvm";
import { buildProgram } from "../../src/index.js";
import type { BuildOptions } from "../../src/index.js";

export const accounts = {
  writable: (address: Address): AccountMeta => ({ address, role: AccountRole.WRITABLE }),
  readonly: (address: Address): AccountMeta => ({ address, role: AccountRole.READONLY }),
  signer: (signer: KeyPairSigner, writable: boolean): AccountSignerMeta => ({
    address: signer.address,
    role: writable ? AccountRole.WRITABLE_SIGNER : AccountRole.READONLY_SIGNER,
    signer,
  }),
};

export const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** Builds fixtures into a fresh temp dir and returns the .so bytes and build result. */
export async function buildFixture(
  sources: string[],
  options: Omit<BuildOptions, "sources" | "outFile"> = {},
): Promise<{ so: Uint8Array; result: Awaited<ReturnType<typeof buildProgram>> }> {
  const dir = await mkdtemp(join(tmpdir(), "sbf-build-test-"));
  try {
    const outFile = join(dir, "program.so");
    const result = await buildProgram({ ...options, sources: sources.map(fixture), outFile });
    return { so: new Uint8Array(await readFile(outFile)), result };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function fundedPayer(svm: LiteSVM): Promise<KeyPairSigner> {
  const payer = await generateKeyPairSigner();
  svm.airdrop(payer.address, lamports(10_000_000_000n));
  return payer;
}

/** One v0 transaction of the instructions, paid and signed by `payer`, on the latest blockhash. */
async function signedTransaction(
  svm: LiteSVM,
  payer: KeyPairSigner,
  instructions: SignedInstruction[],
) {
  return pipe(
    createTransactionMessage({ version: 0 }),
    (tx) => setTransactionMessageFeePayerSigner(payer, tx),
    (tx) => svm.setTransactionMessageLifetimeUsingLatestBlockhash(tx),
    (tx) => appendTransactionMessageInstructions(instructions, tx),
    (tx) => signTransactionMessageWithSigners(tx),
  );
}

/** Sends the instructions in one transaction; throws with the program logs on failure. */
export async function send(
  svm: LiteSVM,
  payer: KeyPairSigner,
  instructions: SignedInstruction[],
): Promise<TransactionMetadata> {
  const result = svm.sendTransaction(await signedTransaction(svm, payer, instructions));
  if (result instanceof FailedTransactionMetadata) {
    throw new Error(`transaction failed: ${result.toString()}\n${result.meta().prettyLogs()}`);
  }
  return result;
}

/** Sends and expects failure; returns the failure for inspection. */
export async function sendExpectingFailure(
  svm: LiteSVM,
  payer: KeyPairSigner,
  instructions: SignedInstruction[],
): Promise<FailedTransactionMetadata> {
  const result = svm.sendTransaction(await signedTransaction(svm, payer, instructions));
  if (!(result instanceof FailedTransactionMetadata)) {
    throw new Error(`transaction unexpectedly succeeded:\n${result.prettyLogs()}`);
  }
  return result;
}
