import type { MemoEntry } from "@pod/protocol";
import type { PublicKey, TransactionInstruction } from "@solana/web3.js";

/** An account a record reads or writes; records that share one are landed in stream order. */
export interface LockKey {
  key: string;
  write: boolean;
}

/** A message record that becomes one leaf of append_compressed_messages. */
export interface CompressedPlan {
  kind: "compressed";
  sender: PublicKey;
  envelopeHash: number[];
  memo: MemoEntry;
}

/** Any other record: one program instruction of its own. */
export interface InstructionPlan {
  kind: "instruction";
  /** The rent payer must be the transaction's fee payer, chosen only when it is signed. */
  build(payer: PublicKey): TransactionInstruction;
  /** Per-account messages put their content (or CID) in the memo too. */
  memo?: MemoEntry;
  /** Data sizes of the accounts the instruction creates (their rent is part of the cost). */
  createdAccountBytes: number[];
  /** Agents a register op registers (for the confirmed event). */
  registered?: string[];
  /** Where to find the earlier transaction when the chain says the effect is already there. */
  target: PublicKey;
}

export type Plan = CompressedPlan | InstructionPlan;

/** What mapping a record gave: something to land, or a verdict without a transaction. */
export type Planned =
  | { type: "plan"; plan: Plan }
  | { type: "applied"; target: PublicKey; registered?: string[] }
  | { type: "refused"; code: string; reason: string };
