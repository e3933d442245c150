import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Keypair, LAMPORTS_PER_SOL, type PublicKey } from "@solana/web3.js";
import { spawnLocalChain, type SpawnedChain } from "@pod/local-chain";
import { BlockhashCache, sendAndConfirm, type RpcPool, type SendOutcome } from "../src/index.js";
import { eventually, funded, poolOf, signedTx, transfer } from "./support/chain.js";

// Two independent chains standing in for two providers. 20 ms slots, so a transaction
// stranded on the killed chain expires within seconds and is re-signed for the other.
let primary: SpawnedChain;
let secondary: SpawnedChain;
beforeAll(async () => {
  [primary, secondary] = await Promise.all([
    spawnLocalChain({ light: false, slotMs: 20 }),
    spawnLocalChain({ light: false, slotMs: 20 }),
  ]);
});
afterAll(async () => {
  for (const chain of [primary, secondary]) {
    await chain?.stop("SIGKILL");
    if (chain) rmSync(chain.ledger, { recursive: true, force: true });
  }
});

/** Sends one transfer until it is confirmed, re-signing only after an "expired". */
async function land(
  pool: RpcPool,
  blockhashes: BlockhashCache,
  payer: Keypair,
  to: PublicKey,
): Promise<SendOutcome[]> {
  const outcomes: SendOutcome[] = [];
  for (let i = 0; i < 5; i++) {
    const { blockhash, lastValidBlockHeight } = await blockhashes.get();
    const { raw, signature } = signedTx(
      [payer],
      [transfer(payer, to, LAMPORTS_PER_SOL / 100)],
      blockhash,
    );
    const outcome = await sendAndConfirm(pool, raw, {
      signature,
      lastValidBlockHeight,
      pollMs: 20,
      rebroadcastMs: 200,
    });
    outcomes.push(outcome);
    if (outcome.status !== "expired") return outcomes;
    blockhashes.invalidate();
  }
  return outcomes;
}

describe("failover when an endpoint dies mid-run", () => {
  it("a pool of [live, chain killed mid-run] keeps confirming transfers and scores the dead one down", async () => {
    const payer = Keypair.generate();
    for (const chain of [primary, secondary]) {
      const single = poolOf([chain.rpcUrl]);
      const kp = await funded(single, 5);
      // The same payer on both chains: fund a throwaway key, then move it to the payer.
      const { blockhash, lastValidBlockHeight } = await single.call("bh", (c) =>
        c.getLatestBlockhash(),
      );
      const { raw, signature } = signedTx(
        [kp],
        [transfer(kp, payer.publicKey, 4 * LAMPORTS_PER_SOL)],
        blockhash,
      );
      expect(
        (await sendAndConfirm(single, raw, { signature, lastValidBlockHeight, pollMs: 20 })).status,
      ).toBe("confirmed");
      single.close();
    }

    // Idle endpoints are probed every 200 ms, so the dead one is found even when the
    // scores had moved all traffic to the other one before the kill.
    const pool = poolOf([primary.rpcUrl, secondary.rpcUrl], {
      requestTimeoutMs: 500,
      probeIntervalMs: 100,
      idleProbeMs: 200,
      // Two separate chains have unrelated slot numbers: comparing them means nothing.
      slotCheckMs: 600_000,
    });
    const blockhashes = new BlockhashCache(pool, { refreshMs: 200 });
    try {
      const rounds = 12;
      const results: SendOutcome[][] = [];
      let killed: Promise<unknown> | undefined;
      for (let round = 0; round < rounds; round++) {
        // Two transfers in flight each round; the primary dies in the middle of round 4.
        const inFlight = [0, 1].map(() =>
          land(pool, blockhashes, payer, Keypair.generate().publicKey),
        );
        if (round === 4) killed = primary.stop("SIGKILL");
        results.push(...(await Promise.all(inFlight)));
      }
      await killed;

      const finals = results.map((attempts) => attempts.at(-1)?.status);
      expect(finals).toEqual(Array(2 * rounds).fill("confirmed"));
      await eventually(async () => (pool.health()[0]!.failures > 0 ? true : undefined), 3_000);
      const [dead, live] = pool.health();
      expect(dead!.failures).toBeGreaterThan(0);
      expect(dead!.lastError).toMatch(/^RPC_(UNAVAILABLE|TIMEOUT)/);
      expect(dead!.score).toBeLessThan(live!.score);
      expect(live!.failures).toBe(0);
    } finally {
      blockhashes.stop();
      pool.close();
    }
  });
});
