import { describe, expect, it } from "vitest";
import { address, lamports } from "@solana/kit";
import { Keypair, PublicKey, SystemProgram, Transaction } from "@solana/web3.js";
import { SvmHarness } from "../src/index.js";

const SOL = 1_000_000_000n;
const LARGE = 200_000;

// A large account a transfer can credit: its state after one transaction is kept by the
// harness as the next one's pre-state, which must never hide a write made in between.
function setup() {
  const svm = new SvmHarness();
  const payer = Keypair.generate();
  svm.airdrop(payer.publicKey.toBase58(), 10n * SOL);
  const big = Keypair.generate().publicKey.toBase58();
  svm.setAccount(big, {
    lamports: svm.minimumBalanceForRentExemption(LARGE),
    data: new Uint8Array(LARGE).fill(1),
    owner: "11111111111111111111111111111111",
    executable: false,
    rentEpoch: 0n,
  });
  return { svm, payer, big };
}

function transferTo(svm: SvmHarness, payer: Keypair, to: string, amount: number) {
  const tx = new Transaction({
    feePayer: payer.publicKey,
    recentBlockhash: svm.latestBlockhash().blockhash,
  }).add(
    SystemProgram.transfer({
      fromPubkey: payer.publicKey,
      toPubkey: new PublicKey(to),
      lamports: amount,
    }),
  );
  tx.sign(payer);
  return svm.execute(tx.serialize());
}

describe("large accounts' pre-state kept between transactions", () => {
  it("reports each change of a large account against its true previous state", () => {
    const { svm, payer, big } = setup();
    const start = svm.getBalance(big);
    const first = transferTo(svm, payer, big, 1_000);
    expect(first.ok).toBe(true);
    const change1 = first.changedAccounts.find((c) => c.address === big);
    expect(change1?.before?.lamports).toBe(start);
    expect(change1?.account?.lamports).toBe(start + 1_000n);

    const second = transferTo(svm, payer, big, 2_000);
    const change2 = second.changedAccounts.find((c) => c.address === big);
    expect(change2?.before?.lamports).toBe(start + 1_000n);
    expect(second.preBalances[second.accountKeys.indexOf(big)]).toBe(start + 1_000n);
    expect(change2?.account?.data).toEqual(new Uint8Array(LARGE).fill(1));
  });

  it("sees a setAccount between two transactions", () => {
    const { svm, payer, big } = setup();
    transferTo(svm, payer, big, 1_000);
    const rewritten = { ...svm.getAccount(big)!, data: new Uint8Array(LARGE).fill(7) };
    svm.setAccount(big, rewritten);
    const after = transferTo(svm, payer, big, 1_001);
    expect(after.ok).toBe(true);
    const change = after.changedAccounts.find((c) => c.address === big);
    expect(change?.before?.data).toEqual(rewritten.data);
    expect(change?.account?.data).toEqual(rewritten.data);
  });

  it("sees a write made directly through the raw LiteSVM", () => {
    const { svm, payer, big } = setup();
    transferTo(svm, payer, big, 1_000);
    const held = svm.getBalance(big);
    svm.svm.airdrop(address(big), lamports(5n * SOL));
    const after = transferTo(svm, payer, big, 1_001);
    expect(after.ok).toBe(true);
    const change = after.changedAccounts.find((c) => c.address === big);
    expect(change?.before?.lamports).toBe(held + 5n * SOL);
    expect(after.preBalances[after.accountKeys.indexOf(big)]).toBe(held + 5n * SOL);
  });
});
