import {
  ComputeBudgetProgram,
  Keypair,
  PublicKey,
  SystemProgram,
  SYSVAR_CLOCK_PUBKEY,
  SYSVAR_RENT_PUBKEY,
  Transaction,
  TransactionInstruction,
} from "@solana/web3.js";
import { DeployError } from "./errors.js";
import type { ExecutionResult } from "./result.js";

export const UPGRADEABLE_LOADER = new PublicKey("BPFLoaderUpgradeab1e11111111111111111111111");

// Sizes of the loader's account states: enum tag + Option<authority> (buffer) or address.
const BUFFER_METADATA_SIZE = 37;
const PROGRAM_ACCOUNT_SIZE = 36;
// Leaves room for keys, blockhash, signature and the Write header inside 1232 bytes.
const WRITE_CHUNK = 950;

interface Chain {
  latestBlockhash(): { blockhash: string };
  minimumBalanceForRentExemption(dataLength: number): bigint;
  execute(bytes: Uint8Array): ExecutionResult;
  advanceSlots(count?: number): void;
}

function loaderIx(keys: TransactionInstruction["keys"], data: Buffer): TransactionInstruction {
  return new TransactionInstruction({ programId: UPGRADEABLE_LOADER, keys, data });
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

/**
 * Deploys `bytes` at the program keypair's address with real loader transactions (buffer,
 * writes, DeployWithMaxDataLen), so the loader's deployment-time ELF checks run. The payer
 * is also the upgrade authority. One slot is advanced so the program becomes visible.
 */
export function deployUpgradeable(
  chain: Chain,
  program: Keypair,
  bytes: Uint8Array,
  payer: Keypair,
): void {
  const programId = program.publicKey.toBase58();
  const buffer = Keypair.generate();
  const send = (step: string, signers: Keypair[], ...ixs: TransactionInstruction[]): void => {
    const tx = new Transaction({
      feePayer: payer.publicKey,
      recentBlockhash: chain.latestBlockhash().blockhash,
    }).add(...ixs);
    tx.sign(payer, ...signers);
    const res = chain.execute(tx.serialize());
    if (!res.ok) throw new DeployError(programId, step, res.err, res.logs);
  };
  // A rent-exempt account of `space` bytes that the loader owns, paid for by the payer.
  const loaderAccount = (account: Keypair, space: number): TransactionInstruction =>
    SystemProgram.createAccount({
      fromPubkey: payer.publicKey,
      newAccountPubkey: account.publicKey,
      lamports: Number(chain.minimumBalanceForRentExemption(space)),
      space,
      programId: UPGRADEABLE_LOADER,
    });

  const bufferSize = BUFFER_METADATA_SIZE + bytes.length;
  send(
    "create buffer",
    [buffer],
    loaderAccount(buffer, bufferSize),
    loaderIx(
      [
        { pubkey: buffer.publicKey, isSigner: false, isWritable: true },
        { pubkey: payer.publicKey, isSigner: false, isWritable: false },
      ],
      u32(0),
    ),
  );

  for (let offset = 0; offset < bytes.length; offset += WRITE_CHUNK) {
    const chunk = Buffer.from(bytes.subarray(offset, offset + WRITE_CHUNK));
    const data = Buffer.concat([u32(1), u32(offset), u64(chunk.length), chunk]);
    const keys = [
      { pubkey: buffer.publicKey, isSigner: false, isWritable: true },
      { pubkey: payer.publicKey, isSigner: true, isWritable: false },
    ];
    send(`write at ${offset}`, [], loaderIx(keys, data));
  }

  const [programData] = PublicKey.findProgramAddressSync(
    [program.publicKey.toBuffer()],
    UPGRADEABLE_LOADER,
  );
  send(
    "deploy",
    [program],
    ComputeBudgetProgram.setComputeUnitLimit({ units: 1_400_000 }),
    loaderAccount(program, PROGRAM_ACCOUNT_SIZE),
    loaderIx(
      [
        { pubkey: payer.publicKey, isSigner: true, isWritable: true },
        { pubkey: programData, isSigner: false, isWritable: true },
        { pubkey: program.publicKey, isSigner: false, isWritable: true },
        { pubkey: buffer.publicKey, isSigner: false, isWritable: true },
        { pubkey: SYSVAR_RENT_PUBKEY, isSigner: false, isWritable: false },
        { pubkey: SYSVAR_CLOCK_PUBKEY, isSigner: false, isWritable: false },
        { pubkey: SystemProgram.programId, isSigner: false, isWritable: false },
        { pubkey: payer.publicKey, isSigner: true, isWritable: false },
      ],
      Buffer.concat([u32(2), u64(bytes.length)]),
    ),
  );
  // A program deployed in a slot is usable from the next one, as on a cluster.
  chain.advanceSlots(1);
}
