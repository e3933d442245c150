import { CodedError } from "@pod/errors";
import { PublicKey, TransactionInstruction, type AccountMeta } from "@solana/web3.js";
import { coder, loadIdl, PROGRAM_ID } from "./program.js";

export class UnknownInstructionError extends CodedError {
  constructor(readonly instruction: string) {
    super("POD_UNKNOWN_INSTRUCTION", `the IDL has no instruction ${instruction}`);
  }
}

export class MissingAccountError extends CodedError {
  constructor(
    readonly instruction: string,
    readonly account: string,
  ) {
    super("POD_MISSING_ACCOUNT", `${instruction}: account ${account} not given`);
  }
}

const idl = loadIdl();

/**
 * Builds an instruction from the IDL: args encoded by Anchor's BorshCoder (snake_case names),
 * accounts in IDL order with its flags; a fixed `address` in the IDL fills itself in.
 */
export function podInstruction(
  name: string,
  args: Record<string, unknown>,
  accounts: Record<string, PublicKey>,
  remaining: AccountMeta[] = [],
): TransactionInstruction {
  const ix = idl.instructions.find((i) => i.name === name);
  if (ix === undefined) throw new UnknownInstructionError(name);
  const keys = ix.accounts.map((item) => {
    const a = item as { name: string; writable?: boolean; signer?: boolean; address?: string };
    const pubkey = accounts[a.name] ?? (a.address ? new PublicKey(a.address) : undefined);
    if (pubkey === undefined) throw new MissingAccountError(name, a.name);
    return { pubkey, isWritable: a.writable === true, isSigner: a.signer === true };
  });
  const data = coder.instruction.encode(name, args);
  return new TransactionInstruction({ programId: PROGRAM_ID, keys: [...keys, ...remaining], data });
}
