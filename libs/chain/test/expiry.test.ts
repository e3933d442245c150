import { describe, expect, it } from "vitest";
import { Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";
import { sendAndConfirm, settleSignature } from "../src/index.js";
import { funded, localChain, poolOf, signedTx, transfer } from "./support/chain.js";

// 20 ms slots: a blockhash lives 150 blocks, about 3 s.
const local = localChain({ slotMs: 20 });

describe("expiry", () => {
  it("a transaction whose blockhash expired is 'expired', never lands, and settleSignature agrees", async () => {
    const pool = poolOf([local.chain.rpcUrl]);
    try {
      const payer = await funded(pool, 1);
      const latest = await pool.call("getLatestBlockhash", (c) => c.getLatestBlockhash());
      const { raw, signature } = signedTx(
        [payer],
        [transfer(payer, Keypair.generate().publicKey, LAMPORTS_PER_SOL / 100)],
        latest.blockhash,
      );
      for (;;) {
        const { value } = await pool.call("isBlockhashValid", (c) =>
          c.isBlockhashValid(latest.blockhash),
        );
        if (!value) break;
        await new Promise((r) => setTimeout(r, 100));
      }

      const outcome = await sendAndConfirm(pool, raw, {
        signature,
        lastValidBlockHeight: latest.lastValidBlockHeight,
        pollMs: 50,
      });

      expect(outcome).toEqual({ status: "expired", signature });
      expect(await pool.call("getBalance", (c) => c.getBalance(payer.publicKey))).toBe(
        LAMPORTS_PER_SOL,
      );
      expect(await settleSignature(pool, signature, latest.lastValidBlockHeight)).toEqual({
        status: "expired",
      });
    } finally {
      pool.close();
    }
  });

  it("settleSignature says 'pending' for an unlanded transaction whose blockhash is still valid", async () => {
    const pool = poolOf([local.chain.rpcUrl]);
    try {
      const payer = Keypair.generate();
      const latest = await pool.call("getLatestBlockhash", (c) => c.getLatestBlockhash());
      const { signature } = signedTx(
        [payer],
        [transfer(payer, Keypair.generate().publicKey, LAMPORTS_PER_SOL / 100)],
        latest.blockhash,
      );
      expect(await settleSignature(pool, signature, latest.lastValidBlockHeight)).toEqual({
        status: "pending",
      });
    } finally {
      pool.close();
    }
  });

  it("a sent-but-unconfirmed transaction settles as landed after a 'restart' (new pool, same bytes unknown)", async () => {
    const first = poolOf([local.chain.rpcUrl]);
    const payer = await funded(first, 1);
    const latest = await first.call("getLatestBlockhash", (c) => c.getLatestBlockhash());
    const { raw, signature } = signedTx(
      [payer],
      [transfer(payer, Keypair.generate().publicKey, LAMPORTS_PER_SOL / 100)],
      latest.blockhash,
    );
    // Sent, then the process "dies" before confirming.
    await first.call("sendTransaction", (c) =>
      c.sendRawTransaction(raw, { skipPreflight: true, maxRetries: 0 }),
    );
    first.close();

    const second = poolOf([local.chain.rpcUrl]);
    try {
      for (;;) {
        const settled = await settleSignature(second, signature, latest.lastValidBlockHeight);
        if (settled.status === "pending") {
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        expect(settled).toMatchObject({ status: "landed", err: null });
        break;
      }
    } finally {
      second.close();
    }
  });
});
