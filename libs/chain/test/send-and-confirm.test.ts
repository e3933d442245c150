import { describe, expect, it } from "vitest";
import { Keypair, LAMPORTS_PER_SOL, SystemProgram } from "@solana/web3.js";
import {
  BlockhashCache,
  programErrorOf,
  sendAndConfirm,
  settleSignature,
  transactionCost,
} from "../src/index.js";
import { fakeRpc, forward, forwardHeld, freePort } from "@pod/testing";
import { funded, localChain, poolOf, signedTx, transfer } from "./support/chain.js";

const local = localChain();

describe("sendAndConfirm on the local chain", () => {
  it("confirms transfers and reports their fee and compute units", async () => {
    const pool = poolOf([local.chain.rpcUrl]);
    const blockhashes = new BlockhashCache(pool);
    try {
      const alice = await funded(pool);
      const bob = Keypair.generate().publicKey;
      const outcomes = await Promise.all(
        [1, 2, 3].map(async (n) => {
          const { blockhash, lastValidBlockHeight } = await blockhashes.get();
          const { raw, signature } = signedTx(
            [alice],
            [transfer(alice, bob, n * LAMPORTS_PER_SOL)],
            blockhash,
          );
          return sendAndConfirm(pool, raw, { signature, lastValidBlockHeight, pollMs: 50 });
        }),
      );
      expect(outcomes.map((o) => o.status)).toEqual(["confirmed", "confirmed", "confirmed"]);
      expect(await pool.call("getBalance", (c) => c.getBalance(bob))).toBe(6 * LAMPORTS_PER_SOL);
      const cost = await transactionCost(pool, outcomes[0]!.signature);
      expect(cost).toEqual({ feeLamports: 5000, computeUnits: 150 });
    } finally {
      blockhashes.stop();
      pool.close();
    }
  });

  it("a transaction that fails on chain is 'failed' with its error decoded", async () => {
    const pool = poolOf([local.chain.rpcUrl]);
    try {
      const payer = await funded(pool, 1);
      const { blockhash, lastValidBlockHeight } = await pool.call("getLatestBlockhash", (c) =>
        c.getLatestBlockhash(),
      );
      // Transfer more than the payer holds: the system program's Custom(1) (ResultWithNegativeLamports).
      const { raw, signature } = signedTx(
        [payer],
        [
          SystemProgram.transfer({
            fromPubkey: payer.publicKey,
            toPubkey: Keypair.generate().publicKey,
            lamports: 5 * LAMPORTS_PER_SOL,
          }),
        ],
        blockhash,
      );
      const outcome = await sendAndConfirm(pool, raw, {
        signature,
        lastValidBlockHeight,
        pollMs: 50,
      });
      expect(outcome.status).toBe("failed");
      if (outcome.status !== "failed") return;
      expect(programErrorOf(outcome.err)).toEqual({ instructionIndex: 0, code: 1 });
      expect(outcome.logs?.join("\n")).toContain("insufficient lamports");
      expect(await settleSignature(pool, signature, lastValidBlockHeight)).toEqual({
        status: "landed",
        slot: outcome.slot,
        err: outcome.err,
      });
    } finally {
      pool.close();
    }
  });

  it("an AbortSignal stops the wait with ABORTED; the transaction is still pending", async () => {
    const pool = poolOf([local.chain.rpcUrl]);
    try {
      // An unfunded payer: the chain drops the transaction, so it never lands on its own.
      const payer = Keypair.generate();
      const { blockhash, lastValidBlockHeight } = await pool.call("bh", (c) =>
        c.getLatestBlockhash(),
      );
      const { raw, signature } = signedTx(
        [payer],
        [transfer(payer, Keypair.generate().publicKey, 1)],
        blockhash,
      );
      const started = performance.now();
      const error = await sendAndConfirm(pool, raw, {
        signature,
        lastValidBlockHeight,
        pollMs: 50,
        signal: AbortSignal.timeout(200),
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "ABORTED", transient: false });
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(await settleSignature(pool, signature, lastValidBlockHeight)).toEqual({
        status: "pending",
      });
    } finally {
      pool.close();
    }
  });

  it("with every endpoint down it gives up after unreachableMs with the RPC error", async () => {
    const pool = poolOf([`http://127.0.0.1:${await freePort()}`]);
    try {
      const payer = Keypair.generate();
      const { raw, signature } = signedTx(
        [payer],
        [transfer(payer, payer.publicKey, 1)],
        "11111111111111111111111111111111",
      );
      const error = await sendAndConfirm(pool, raw, {
        signature,
        lastValidBlockHeight: 1_000_000,
        pollMs: 50,
        unreachableMs: 300,
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "RPC_UNAVAILABLE", transient: true });
    } finally {
      pool.close();
    }
  });

  it("transactions in flight together share their status polls", async () => {
    // The sends are answered together once all 32 reached the chain, so that the 32 waits
    // begin at once whatever the machine's speed.
    let sent = 0;
    let allSent!: () => void;
    const barrier = new Promise<void>((r) => (allSent = r));
    const counting = await fakeRpc(local.chain.rpcUrl, (r) => {
      if (r.method !== "sendTransaction") return forward();
      if (++sent === 32) allSent();
      return forwardHeld(barrier);
    });
    // Held sends must not time out on a slow machine: a retried send would be counted.
    const pool = poolOf([counting.url], { requestTimeoutMs: 30_000 });
    const blockhashes = new BlockhashCache(pool);
    try {
      const payers = await Promise.all([1, 2, 3, 4].map(() => funded(pool, 1)));
      const sink = Keypair.generate().publicKey;
      const before = counting.requests.length;
      const { blockhash, lastValidBlockHeight } = await blockhashes.get();
      const outcomes = await Promise.all(
        Array.from({ length: 32 }, (_, i) => {
          const payer = payers[i % payers.length]!;
          const { raw, signature } = signedTx(
            [payer],
            [transfer(payer, sink, LAMPORTS_PER_SOL / 100 + i)],
            blockhash,
          );
          return sendAndConfirm(pool, raw, { signature, lastValidBlockHeight, pollMs: 50 });
        }),
      );
      expect(outcomes.every((o) => o.status === "confirmed")).toBe(true);
      const methods = counting.requests.slice(before).map((r) => r.method);
      expect(methods.filter((m) => m === "sendTransaction")).toHaveLength(32);
      // A loop per transaction would make at least 32 of each.
      const statusPolls = methods.filter((m) => m === "getSignatureStatuses").length;
      expect(statusPolls).toBeLessThan(8);
      expect(methods.filter((m) => m === "getBlockHeight")).toHaveLength(statusPolls);
      const batched = counting.requests
        .filter((r) => r.method === "getSignatureStatuses")
        .map((r) => (r.params as [string[]])[0].length);
      expect(Math.max(...batched)).toBeGreaterThan(1);
    } finally {
      blockhashes.stop();
      pool.close();
      await counting.close();
    }
  });
});
