import { SvmHarness, type ExecutionResult } from "@pod/svm";
import { Keypair, Transaction, type TransactionInstruction } from "@solana/web3.js";
import { LightSystemProgram, TreeType } from "@lightprotocol/stateless.js";
import {
  NULLIFIER_QUEUE_V1,
  STATE_TREE_V1,
  loadLight,
  topLevelInstructions,
  type LightTransactionView,
} from "../src/index.js";

/** A harness with Light loaded and a funded payer. */
export function lightChain(): { svm: SvmHarness; payer: Keypair } {
  const svm = new SvmHarness();
  loadLight(svm.svm);
  const payer = Keypair.generate();
  const funded = svm.airdrop(payer.publicKey.toBase58(), 100_000_000_000n);
  if (!funded.ok) throw new Error(`airdrop failed: ${JSON.stringify(funded.err)}`);
  return { svm, payer };
}

/** Signs and executes `ixs`, returning the result with its top-level instructions. */
export function send(
  svm: SvmHarness,
  payer: Keypair,
  ...ixs: TransactionInstruction[]
): ExecutionResult & LightTransactionView {
  const tx = new Transaction().add(...ixs);
  tx.recentBlockhash = svm.latestBlockhash().blockhash;
  tx.feePayer = payer.publicKey;
  tx.sign(payer);
  const wire = tx.serialize();
  const result = svm.execute(wire);
  svm.advanceSlots(1);
  return { ...result, instructions: topLevelInstructions(wire) };
}

/** Light's own compress: one compressed SOL account owned by the payer on the V1 tree. */
export function compressIx(payer: Keypair, lamports: number): Promise<TransactionInstruction> {
  return LightSystemProgram.compress({
    payer: payer.publicKey,
    toAddress: payer.publicKey,
    lamports,
    outputStateTreeInfo: {
      tree: STATE_TREE_V1,
      queue: NULLIFIER_QUEUE_V1,
      treeType: TreeType.StateV1,
      nextTreeInfo: null,
    },
  });
}
