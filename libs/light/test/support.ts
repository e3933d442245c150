import { SvmHarness, type ExecutionResult } from "@pod/svm";
import { Keypair, Transaction, type TransactionInstruction } from "@solana/web3.js";
import { LightSystemProgram, TreeType } from "@lightprotocol/stateless.js";
import {
  NULLIFIER_QUEUE_V1,
  OUTPUT_QUEUE_V2,
  STATE_TREE_V1,
  STATE_TREE_V2,
  loadLight,
  topLevelInstructions,
  type LightTransactionView,
} from "../src/index.js";

/** A harness with Light loaded and a funded payer. */
export function lightChain(): { svm: SvmHarness; payer: Keypair } {
  const svm = new SvmHarness();
  loadLight(svm);
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
): ExecutionResult & LightTransactionView & { wire: Uint8Array } {
  const tx = new Transaction().add(...ixs);
  tx.recentBlockhash = svm.latestBlockhash().blockhash;
  tx.feePayer = payer.publicKey;
  tx.sign(payer);
  const wire = tx.serialize();
  const result = svm.execute(wire);
  svm.advanceSlots(1);
  return { ...result, instructions: topLevelInstructions(wire), wire };
}

const V1 = { tree: STATE_TREE_V1, queue: NULLIFIER_QUEUE_V1, treeType: TreeType.StateV1 };
const V2 = { tree: STATE_TREE_V2, queue: OUTPUT_QUEUE_V2, treeType: TreeType.StateV2 };

/** Light's own compress: one compressed SOL account owned by the payer (V1 tree default). */
export function compressIx(
  payer: Keypair,
  lamports: number,
  version: "v1" | "v2" = "v1",
): Promise<TransactionInstruction> {
  return LightSystemProgram.compress({
    payer: payer.publicKey,
    toAddress: payer.publicKey,
    lamports,
    outputStateTreeInfo: { ...(version === "v1" ? V1 : V2), nextTreeInfo: null },
  });
}
