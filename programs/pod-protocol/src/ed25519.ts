import { CodedError } from "@pod/errors";
import { Ed25519Program, TransactionInstruction, type PublicKey } from "@solana/web3.js";

export class SignatureEntryError extends CodedError {
  constructor(
    readonly index: number,
    reason: string,
  ) {
    super("POD_SIGNATURE_ENTRY_INVALID", `signature entry ${index}: ${reason}`);
  }
}

export interface SignedDigest {
  publicKey: PublicKey;
  /** The 32-byte request digest the agent signed. */
  digest: Uint8Array;
  signature: Uint8Array;
}

const HEADER = 2;
const ENTRY = 14;
const INLINE = 0xffff; // the data sits in this instruction
const PER_SIGNATURE = 32 + 64 + 32;

/**
 * One ed25519 precompile instruction checking every signature (key, signature and digest
 * inline), in the layout append_signed_messages reads back from the instructions sysvar.
 */
export function ed25519Instruction(entries: readonly SignedDigest[]): TransactionInstruction {
  const n = entries.length;
  const data = Buffer.alloc(HEADER + ENTRY * n + PER_SIGNATURE * n);
  data.writeUInt8(n, 0);
  entries.forEach((entry, i) => {
    if (entry.digest.length !== 32) throw new SignatureEntryError(i, "digest is not 32 bytes");
    if (entry.signature.length !== 64)
      throw new SignatureEntryError(i, "signature is not 64 bytes");
    const at = HEADER + ENTRY * n + PER_SIGNATURE * i;
    entry.publicKey.toBuffer().copy(data, at);
    Buffer.from(entry.signature).copy(data, at + 32);
    Buffer.from(entry.digest).copy(data, at + 96);
    const e = HEADER + ENTRY * i;
    data.writeUInt16LE(at + 32, e); // signature offset
    data.writeUInt16LE(INLINE, e + 2);
    data.writeUInt16LE(at, e + 4); // public key offset
    data.writeUInt16LE(INLINE, e + 6);
    data.writeUInt16LE(at + 96, e + 8); // message offset
    data.writeUInt16LE(32, e + 10);
    data.writeUInt16LE(INLINE, e + 12);
  });
  return new TransactionInstruction({ programId: Ed25519Program.programId, keys: [], data });
}
