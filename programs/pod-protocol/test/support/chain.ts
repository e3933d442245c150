import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AnchorProvider, Program, type Wallet } from "@coral-xyz/anchor";
import {
  type AddressLookupTableAccount,
  ComputeBudgetProgram,
  TransactionMessage,
  VersionedTransaction,
  Connection,
  Keypair,
  PublicKey,
  Transaction,
  type TransactionInstruction,
} from "@solana/web3.js";
import { SvmHarness, type ExecutionResult } from "@pod/svm";
import { REPO_ROOT } from "../../build/paths.js";
import { coder, eventParser, loadIdl, loadProgramBytes, PROGRAM_ID } from "../../src/program.js";
import type { PodProtocol } from "../../src/index.js";

const keypairPath = join(REPO_ROOT, "target/deploy/pod_protocol-keypair.json");

/** The ProgramData account of the upgradeable loader for the program. */
export function programDataAddress(): PublicKey {
  const loader = new PublicKey("BPFLoaderUpgradeab1e11111111111111111111111");
  return PublicKey.findProgramAddressSync([PROGRAM_ID.toBuffer()], loader)[0];
}

/** Program keypair committed beside the .so; deploying with it gives the fixed id. */
export function programKeypair(): Keypair {
  return Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(keypairPath, "utf8"))));
}

/** An Anchor Program used only to build instructions (it never talks to an RPC). */
export function offlineProgram(): Program<PodProtocol> {
  const wallet = { publicKey: Keypair.generate().publicKey } as unknown as Wallet;
  const provider = new AnchorProvider(new Connection("http://127.0.0.1:1"), wallet, {});
  return new Program(loadIdl() as PodProtocol, provider);
}

/** A LiteSVM with the built program deployed through the upgradeable loader. */
export class PodChain {
  readonly svm = new SvmHarness({ logBytesLimit: null });
  readonly program = offlineProgram();
  readonly payer = Keypair.generate();

  /**
   * `deploy` runs the upgradeable loader's deployment checks (slower); else addProgram, and
   * `upgradeAuthority` is written into the ProgramData account (addProgram leaves none).
   */
  constructor(opts: { deploy?: boolean; upgradeAuthority?: PublicKey } = {}) {
    if (opts.deploy) this.svm.deployUpgradeable(programKeypair(), loadProgramBytes());
    else this.svm.addProgram(PROGRAM_ID.toBase58(), loadProgramBytes());
    if (opts.upgradeAuthority) this.setUpgradeAuthority(opts.upgradeAuthority);
    this.fund(this.payer.publicKey);
  }

  /** Rewrites the upgrade authority in the ProgramData account (null: immutable). */
  setUpgradeAuthority(authority: PublicKey | null): void {
    const address = programDataAddress().toBase58();
    const account = this.svm.getAccount(address);
    if (account === null) throw new Error("no ProgramData account");
    const data = Buffer.from(account.data);
    data[12] = authority ? 1 : 0;
    (authority?.toBuffer() ?? Buffer.alloc(32)).copy(data, 13);
    this.svm.setAccount(address, { ...account, data });
  }

  fund(key: PublicKey, lamports = 100_000_000_000n): void {
    const r = this.svm.airdrop(key.toBase58(), lamports);
    if (!r.ok) throw new Error(`airdrop failed: ${JSON.stringify(r.err)}`);
  }

  /** Signs with the payer first and `signers`, executes, and advances one block. */
  send(ixs: TransactionInstruction[], signers: Keypair[] = [], cuLimit?: number): ExecutionResult {
    const tx = new Transaction();
    if (cuLimit) tx.add(ComputeBudgetProgram.setComputeUnitLimit({ units: cuLimit }));
    tx.add(...ixs);
    tx.feePayer = this.payer.publicKey;
    tx.recentBlockhash = this.svm.latestBlockhash().blockhash;
    const unique = [this.payer, ...signers].filter(
      (k, i, all) => all.findIndex((o) => o.publicKey.equals(k.publicKey)) === i,
    );
    tx.sign(...unique);
    const result = this.svm.sendWeb3(tx);
    this.svm.advanceSlots(1);
    return result;
  }

  /** Sends one v0 transaction that resolves accounts through `tables`. */
  sendV0(
    ixs: TransactionInstruction[],
    signers: Keypair[],
    tables: AddressLookupTableAccount[],
  ): { result: ExecutionResult; bytes: number } {
    const message = new TransactionMessage({
      payerKey: this.payer.publicKey,
      recentBlockhash: this.svm.latestBlockhash().blockhash,
      instructions: ixs,
    }).compileToV0Message(tables);
    const tx = new VersionedTransaction(message);
    tx.sign([this.payer, ...signers]);
    const bytes = tx.serialize();
    const result = this.svm.execute(bytes);
    this.svm.advanceSlots(1);
    return { result, bytes: bytes.length };
  }

  /** Decodes a program account through the Anchor coder (null when absent). */
  fetch<T = Record<string, unknown>>(name: string, address: PublicKey): T | null {
    const info = this.svm.getAccountInfo(address.toBase58());
    if (info === null) return null;
    if (!info.owner.equals(PROGRAM_ID)) throw new Error(`${address.toBase58()} not program-owned`);
    return coder.accounts.decode(name, info.data) as T;
  }

  /** Raw account bytes, or null: for "nothing changed" comparisons. */
  raw(address: PublicKey): Buffer | null {
    return this.svm.getAccountInfo(address.toBase58())?.data ?? null;
  }
}

/** Events the program logged, decoded by Anchor's EventParser. */
export function eventsOf(
  result: ExecutionResult,
): Array<{ name: string; data: Record<string, unknown> }> {
  return [...eventParser.parseLogs(result.logs)] as Array<{
    name: string;
    data: Record<string, unknown>;
  }>;
}
