import { computeBudgetInstructions } from "@pod/chain";
import { encodeContentMemo, MEMO_PROGRAM_ID, type MemoEntry } from "@pod/protocol";
import { podInstruction, PROGRAM_ID } from "@pod/program";
import { CPI_AUTHORITY, PROTOCOL } from "./plan/accounts.js";
import {
  PublicKey,
  TransactionInstruction,
  TransactionMessage,
  VersionedTransaction,
  type AddressLookupTableAccount,
} from "@solana/web3.js";
import type { Plan } from "./plan/index.js";

/** Most compute units one transaction may ask for. */
export const MAX_COMPUTE_UNITS = 1_400_000;

export interface TxShape {
  payer: PublicKey;
  authority: PublicKey;
  blockhash: string;
  stateTree: PublicKey;
  /** Compute-unit limit to set; none when undefined (the runtime's default applies). */
  computeUnits: number | undefined;
  microLamportsPerUnit: number;
  lookupTable: AddressLookupTableAccount | undefined;
}

export interface BuiltTx {
  tx: VersionedTransaction;
  /** For each instruction index, the indexes (into the plans) of the records it carries. */
  owners: number[][];
  leaves: number;
}

const memoProgram = new PublicKey(MEMO_PROGRAM_ID);

/**
 * One transaction for `plans`, in this order: compute budget, one append_compressed_messages
 * with every compressed record (in their order), each other record's instruction (in order),
 * then the one memo listing message contents in that same order.
 */
export function buildTransaction(plans: readonly Plan[], shape: TxShape): BuiltTx {
  const instructions: TransactionInstruction[] = [];
  const owners: number[][] = [];
  const memo: MemoEntry[] = [];
  const push = (ix: TransactionInstruction, own: number[]) => {
    instructions.push(ix);
    owners.push(own);
  };

  if (shape.computeUnits !== undefined) {
    for (const ix of computeBudgetInstructions({
      units: shape.computeUnits,
      microLamportsPerUnit: shape.microLamportsPerUnit,
    })) {
      push(ix, []);
    }
  }
  const compressed = plans.flatMap((p, i) => (p.kind === "compressed" ? [i] : []));
  if (compressed.length > 0) {
    const records = compressed.map((i) => {
      const p = plans[i] as Extract<Plan, { kind: "compressed" }>;
      memo.push(p.memo);
      return { sender: p.sender, envelope_hash: p.envelopeHash };
    });
    push(
      podInstruction(
        "append_compressed_messages",
        { records },
        {
          fee_payer: shape.payer,
          authority: shape.authority,
          protocol: PROTOCOL,
          cpi_authority: CPI_AUTHORITY,
          self_program: PROGRAM_ID,
          merkle_tree: shape.stateTree,
        },
      ),
      compressed,
    );
  }
  plans.forEach((p, i) => {
    if (p.kind !== "instruction") return;
    push(p.build(shape.payer), [i]);
    if (p.memo) memo.push(p.memo);
  });
  if (memo.length > 0) {
    push(
      new TransactionInstruction({
        programId: memoProgram,
        keys: [],
        data: Buffer.from(encodeContentMemo(memo), "utf8"),
      }),
      [],
    );
  }

  const message = new TransactionMessage({
    payerKey: shape.payer,
    recentBlockhash: shape.blockhash,
    instructions,
  });
  const compiled = shape.lookupTable
    ? message.compileToV0Message([shape.lookupTable])
    : message.compileToLegacyMessage();
  return { tx: new VersionedTransaction(compiled), owners, leaves: compressed.length };
}
