import { rmSync } from "node:fs";
import bs58 from "bs58";
import { afterAll, beforeAll } from "vitest";
import type { PublicKey } from "@solana/web3.js";
import {
  Keypair,
  LAMPORTS_PER_SOL,
  SystemProgram,
  TransactionMessage,
  VersionedTransaction,
  type TransactionInstruction,
} from "@solana/web3.js";
import { spawnLocalChain, type SpawnedChain, type SpawnOptions } from "@pod/local-chain";
import { RpcPool, type RpcPoolOptions } from "../../src/index.js";

/** A real local chain process for the tests of one file: started before, removed after. */
export function localChain(options: SpawnOptions = {}): { readonly chain: SpawnedChain } {
  let chain: SpawnedChain | undefined;
  beforeAll(async () => {
    chain = await spawnLocalChain({ light: false, slotMs: 50, ...options });
  });
  afterAll(async () => {
    if (chain === undefined) return;
    await chain.stop("SIGKILL");
    rmSync(chain.ledger, { recursive: true, force: true });
  });
  return {
    get chain() {
      if (chain === undefined) throw new Error("the chain is started in beforeAll");
      return chain;
    },
  };
}

export function poolOf(urls: string[], options: Partial<RpcPoolOptions> = {}): RpcPool {
  return new RpcPool({ urls, requestTimeoutMs: 2_000, ...options });
}

/** Polls until fn returns a value other than undefined (bounded). */
export async function eventually<T>(
  fn: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no value within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A new keypair holding `sol` SOL from the chain's faucet, landed. */
export async function funded(pool: RpcPool, sol = 10): Promise<Keypair> {
  const kp = Keypair.generate();
  const signature = await pool.call("requestAirdrop", (c) =>
    c.requestAirdrop(kp.publicKey, sol * LAMPORTS_PER_SOL),
  );
  await eventually(async () => {
    const { value } = await pool.call("getSignatureStatuses", (c) =>
      c.getSignatureStatuses([signature]),
    );
    return value[0] ?? undefined;
  });
  return kp;
}

/** A signed v0 transaction of `instructions`, paid by the first signer. */
export function signedTx(
  signers: Keypair[],
  instructions: TransactionInstruction[],
  blockhash: string,
): { tx: VersionedTransaction; raw: Uint8Array; signature: string } {
  const payer = signers[0] as Keypair;
  const message = new TransactionMessage({
    payerKey: payer.publicKey,
    recentBlockhash: blockhash,
    instructions,
  }).compileToV0Message();
  const tx = new VersionedTransaction(message);
  tx.sign(signers);
  const raw = tx.serialize();
  return { tx, raw, signature: encodeSignature(tx) };
}

function encodeSignature(tx: VersionedTransaction): string {
  return bs58.encode(tx.signatures[0] as Uint8Array);
}

export function transfer(from: Keypair, to: PublicKey, lamports: number): TransactionInstruction {
  return SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: to, lamports });
}
