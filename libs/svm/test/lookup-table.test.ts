import { describe, expect, it } from "vitest";
import {
  AddressLookupTableAccount,
  AddressLookupTableProgram,
  Keypair,
  SystemProgram,
  Transaction,
  TransactionMessage,
  VersionedTransaction,
  type TransactionInstruction,
} from "@solana/web3.js";
import { SvmHarness } from "../src/index.js";

function send(svm: SvmHarness, payer: Keypair, ...ixs: TransactionInstruction[]) {
  const tx = new Transaction({
    feePayer: payer.publicKey,
    recentBlockhash: svm.latestBlockhash().blockhash,
  }).add(...ixs);
  tx.sign(payer);
  return svm.sendWeb3(tx);
}

describe("svm address lookup tables", () => {
  it("a table created at a recent slot resolves in a v0 transaction's loaded addresses", () => {
    const svm = new SvmHarness();
    const payer = Keypair.generate();
    svm.airdrop(payer.publicKey.toBase58(), 10_000_000_000n);
    svm.advanceSlots(2);
    const recipients = [Keypair.generate().publicKey, Keypair.generate().publicKey];
    const [create, table] = AddressLookupTableProgram.createLookupTable({
      authority: payer.publicKey,
      payer: payer.publicKey,
      recentSlot: svm.slot - 1n,
    });
    expect(send(svm, payer, create).err).toBeNull();
    const extend = AddressLookupTableProgram.extendLookupTable({
      lookupTable: table,
      authority: payer.publicKey,
      payer: payer.publicKey,
      addresses: recipients,
    });
    expect(send(svm, payer, extend).err).toBeNull();
    svm.advanceSlots(1);

    const data = svm.getAccount(table.toBase58())?.data as Uint8Array;
    const lookup = new AddressLookupTableAccount({
      key: table,
      state: AddressLookupTableAccount.deserialize(data),
    });
    const message = new TransactionMessage({
      payerKey: payer.publicKey,
      recentBlockhash: svm.latestBlockhash().blockhash,
      instructions: recipients.map((toPubkey) =>
        SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey, lamports: 1_000_000 }),
      ),
    }).compileToV0Message([lookup]);
    const vtx = new VersionedTransaction(message);
    vtx.sign([payer]);
    const res = svm.sendWeb3(vtx);

    expect(res.err).toBeNull();
    expect(res.loadedAddresses.writable).toEqual(recipients.map((r) => r.toBase58()));
    expect(res.postBalances.slice(-2)).toEqual([1_000_000n, 1_000_000n]);
    expect(svm.getBalance(recipients[1]?.toBase58() as string)).toBe(1_000_000n);
  });
});
