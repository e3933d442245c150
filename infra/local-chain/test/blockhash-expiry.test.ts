import { describe, expect, it } from "vitest";
import {
  Keypair,
  SendTransactionError,
  SystemProgram,
  Transaction,
  TransactionExpiredBlockheightExceededError,
  type BlockhashWithExpiryBlockHeight,
} from "@solana/web3.js";
import { chainForTests, fundedKeypair } from "./support/spawn-chain.js";

// 20 ms slots: a blockhash lives 150 blocks, about 3 s.
const local = chainForTests({ light: false, slotMs: 20 });

async function waitUntilExpired(latest: BlockhashWithExpiryBlockHeight): Promise<number> {
  for (;;) {
    const { value } = await local.connection.isBlockhashValid(latest.blockhash);
    if (!value) return local.connection.getBlockHeight();
    await new Promise((r) => setTimeout(r, 100));
  }
}

function transfer(payer: Keypair, latest: BlockhashWithExpiryBlockHeight): Transaction {
  const tx = new Transaction({ feePayer: payer.publicKey, ...latest }).add(
    SystemProgram.transfer({
      fromPubkey: payer.publicKey,
      toPubkey: Keypair.generate().publicKey,
      lamports: 1_000_000,
    }),
  );
  tx.sign(payer);
  return tx;
}

describe("local chain - blockhash expiry", () => {
  it("a blockhash turns invalid once the height passes lastValidBlockHeight", async () => {
    const latest = await local.connection.getLatestBlockhash();
    const heightAtExpiry = await waitUntilExpired(latest);
    expect(heightAtExpiry).toBeGreaterThan(latest.lastValidBlockHeight);
  });

  it("an expired blockhash is refused at preflight with 'Blockhash not found'", async () => {
    const payer = await fundedKeypair(local.connection, 1);
    const latest = await local.connection.getLatestBlockhash();
    const tx = transfer(payer, latest);
    await waitUntilExpired(latest);

    const error = await local.connection
      .sendRawTransaction(tx.serialize())
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SendTransactionError);
    expect((error as Error).message).toContain("Blockhash not found");
  });

  it("without preflight it is dropped; confirmTransaction reports height exceeded", async () => {
    const payer = await fundedKeypair(local.connection, 1);
    const latest = await local.connection.getLatestBlockhash();
    const tx = transfer(payer, latest);
    await waitUntilExpired(latest);

    const signature = await local.connection.sendRawTransaction(tx.serialize(), {
      skipPreflight: true,
    });
    const confirming = local.connection.confirmTransaction({ signature, ...latest });

    await expect(confirming).rejects.toBeInstanceOf(TransactionExpiredBlockheightExceededError);
    expect(await local.connection.getBalance(payer.publicKey)).toBe(1_000_000_000);
  });

  it("a transaction signed with a fresh blockhash after expiry lands", async () => {
    const payer = await fundedKeypair(local.connection, 1);
    const latest = await local.connection.getLatestBlockhash();
    const signature = await local.connection.sendRawTransaction(
      transfer(payer, latest).serialize(),
    );
    const result = await local.connection.confirmTransaction({ signature, ...latest });
    expect(result.value.err).toBeNull();
  });
});
