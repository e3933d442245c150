import { describe, expect, it } from "vitest";
import {
  Keypair,
  NONCE_ACCOUNT_LENGTH,
  NonceAccount,
  SystemProgram,
  Transaction,
} from "@solana/web3.js";
import { SvmHarness } from "../src/index.js";

describe("svm durable nonce", () => {
  it("a nonce transaction is accepted after its 'blockhash' expired, once", () => {
    const svm = new SvmHarness();
    const payer = Keypair.generate();
    const nonce = Keypair.generate();
    svm.airdrop(payer.publicKey.toBase58(), 10_000_000_000n);
    const create = new Transaction({
      feePayer: payer.publicKey,
      recentBlockhash: svm.latestBlockhash().blockhash,
    }).add(
      ...SystemProgram.createNonceAccount({
        fromPubkey: payer.publicKey,
        noncePubkey: nonce.publicKey,
        authorizedPubkey: payer.publicKey,
        lamports: Number(svm.minimumBalanceForRentExemption(NONCE_ACCOUNT_LENGTH)),
      }).instructions,
    );
    create.sign(payer, nonce);
    expect(svm.sendWeb3(create).err).toBeNull();
    svm.advanceSlots(1);
    const data = svm.getAccount(nonce.publicKey.toBase58())?.data as Uint8Array;
    const stored = NonceAccount.fromAccountData(Buffer.from(data)).nonce;

    const tx = new Transaction({
      feePayer: payer.publicKey,
      nonceInfo: {
        nonce: stored,
        nonceInstruction: SystemProgram.nonceAdvance({
          noncePubkey: nonce.publicKey,
          authorizedPubkey: payer.publicKey,
        }),
      },
    }).add(
      SystemProgram.transfer({
        fromPubkey: payer.publicKey,
        toPubkey: Keypair.generate().publicKey,
        lamports: 1_000_000,
      }),
    );
    tx.sign(payer);
    svm.expireBlockhashes();
    expect(svm.isBlockhashValid(stored)).toBe(false);

    expect(svm.sendWeb3(tx).err).toBeNull();
    const again = svm.execute(tx.serialize());
    expect(again.ok).toBe(false);
    expect(again.landed).toBe(false);
  });
});
