import { afterEach, describe, expect, it } from "vitest";
import { Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";
import type { RpcPool } from "../src/index.js";
import { ChainError, sendAndConfirm } from "../src/index.js";
import {
  fakeRpc,
  freePort,
  drop,
  forward,
  forwardMapped,
  reply,
  stall,
  type FakeRpc,
} from "@pod/testing";
import { funded, localChain, poolOf, signedTx, transfer } from "./support/chain.js";

const local = localChain();

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track(pool: RpcPool): RpcPool {
  cleanups.push(() => pool.close());
  return pool;
}

async function fake(...args: Parameters<typeof fakeRpc>): Promise<FakeRpc> {
  const server = await fakeRpc(...args);
  cleanups.push(() => server.close());
  return server;
}

async function deadUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

/** What a fake endpoint got from calls, without the pool's background health probes. */
const callsTo = (server: FakeRpc) => server.requests.filter((r) => r.method !== "getHealth");

const getSlot = (pool: RpcPool) => pool.call("getSlot", (c) => c.getSlot());

describe("RpcPool routing and failover", () => {
  it("a pool of [dead URL, live chain] answers every call and scores the dead one down", async () => {
    const dead = await deadUrl();
    const warnings: { obj: object; msg?: string }[] = [];
    const logger = { warn: (obj: object, msg?: string) => void warnings.push({ obj, msg }) };
    const pool = track(poolOf([dead, local.chain.rpcUrl], { logger }));
    for (let i = 0; i < 10; i++) expect(await getSlot(pool)).toBeGreaterThan(0);
    const payer = await funded(pool, 1);
    const { blockhash, lastValidBlockHeight } = await pool.call("bh", (c) =>
      c.getLatestBlockhash(),
    );
    const { raw, signature } = signedTx(
      [payer],
      [transfer(payer, Keypair.generate().publicKey, LAMPORTS_PER_SOL / 100)],
      blockhash,
    );
    expect(
      await sendAndConfirm(pool, raw, { signature, lastValidBlockHeight, pollMs: 50 }),
    ).toMatchObject({
      status: "confirmed",
    });

    const [down, up] = pool.health();
    // Cooling, or probing once a slow machine let the first cool-down run out.
    expect(["cooling", "probing"]).toContain(down!.state);
    expect(down!.url).toBe(dead);
    expect(down!.failures).toBeGreaterThanOrEqual(1);
    expect(down!.lastError).toMatch(/^RPC_UNAVAILABLE: .*ECONNREFUSED/);
    expect(down!.successRate).toBeLessThan(1);
    expect(down!.score).toBeLessThan(up!.score);
    expect(up).toMatchObject({
      url: local.chain.rpcUrl,
      state: "healthy",
      failures: 0,
      inFlight: 0,
    });
    expect(up!.calls).toBeGreaterThan(10);
    expect(warnings[0]).toEqual({
      obj: {
        url: dead,
        what: "getSlot",
        code: "RPC_UNAVAILABLE",
        reason: expect.stringMatching(/ECONNREFUSED/),
      },
      msg: "rpc attempt failed",
    });
  });

  it("a stalling endpoint is failed over within requestTimeoutMs", async () => {
    const silent = await fake(undefined, stall);
    const pool = track(poolOf([silent.url, local.chain.rpcUrl], { requestTimeoutMs: 300 }));
    const started = performance.now();
    expect(await getSlot(pool)).toBeGreaterThan(0);
    const elapsed = performance.now() - started;

    expect(callsTo(silent)).toHaveLength(1);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    // Generous: this machine is shared; the point is one timeout, not several.
    expect(elapsed).toBeLessThan(300 + 1_000);
    expect(pool.health()[0]!.lastError).toMatch(/^RPC_TIMEOUT: no answer within 300 ms/);
  });

  it("sendAndConfirm through [stalling, live] confirms, losing one timeout at most per call", async () => {
    const silent = await fake(undefined, stall);
    const pool = track(poolOf([silent.url, local.chain.rpcUrl], { requestTimeoutMs: 300 }));
    const payer = await funded(pool, 1);
    const { blockhash, lastValidBlockHeight } = await pool.call("bh", (c) =>
      c.getLatestBlockhash(),
    );
    const { raw, signature } = signedTx(
      [payer],
      [transfer(payer, Keypair.generate().publicKey, LAMPORTS_PER_SOL / 100)],
      blockhash,
    );
    expect(
      await sendAndConfirm(pool, raw, { signature, lastValidBlockHeight, pollMs: 50 }),
    ).toMatchObject({
      status: "confirmed",
    });
    // The stalled endpoint was tried once, then left on its cool-down.
    expect(callsTo(silent)).toHaveLength(1);
    expect(pool.health()[0]!.lastError).toMatch(/^RPC_TIMEOUT/);
  });

  it("a pool whose only endpoint stalls rejects with RPC_TIMEOUT after its bounded attempts", async () => {
    const silent = await fake(undefined, stall);
    const pool = track(poolOf([silent.url], { requestTimeoutMs: 200, maxAttempts: 2 }));
    const started = performance.now();
    const error = await getSlot(pool).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChainError);
    expect(error).toMatchObject({ code: "RPC_TIMEOUT", transient: true });
    expect((error as ChainError).details?.attempts).toHaveLength(2);
    expect(callsTo(silent)).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(2 * 200 + 1_200);
  });

  it("a 429 fails over at once, with no hidden retry, and Retry-After sets the cool-down", async () => {
    const limited = await fake(undefined, (r) =>
      reply(
        429,
        { jsonrpc: "2.0", id: r.id, error: { code: 429, message: "slow down" } },
        { "retry-after": "5" },
      ),
    );
    const pool = track(poolOf([limited.url, local.chain.rpcUrl]));
    const someone = Keypair.generate().publicKey;
    for (let i = 0; i < 5; i++)
      expect(await pool.call("getBalance", (c) => c.getBalance(someone))).toBe(0);

    expect(callsTo(limited)).toHaveLength(1);
    const [health] = pool.health();
    expect(health!.lastError).toMatch(/^RPC_RATE_LIMITED: HTTP 429/);
    expect(health!.coolingDownMs).toBeGreaterThan(4_000);
  });

  it("HTTP 5xx and a node behind (-32005) fail over to the healthy endpoint", async () => {
    const broken = await fake(undefined, () => reply(503, "upstream down"));
    const behind = await fake(undefined, (r) =>
      reply(200, {
        jsonrpc: "2.0",
        id: r.id,
        error: { code: -32005, message: "Node is behind by 42 slots" },
      }),
    );
    const pool = track(poolOf([broken.url, behind.url, local.chain.rpcUrl]));
    expect(await getSlot(pool)).toBeGreaterThan(0);

    const [b5xx, bBehind, live] = pool.health();
    expect(b5xx!.lastError).toMatch(/^RPC_UNAVAILABLE: HTTP 503/);
    expect(bBehind!.lastError).toMatch(/^RPC_UNAVAILABLE: -32005: Node is behind by 42 slots/);
    expect(live!.calls).toBe(1);
    expect(callsTo(broken)).toHaveLength(1);
    expect(callsTo(behind)).toHaveLength(1);
  });

  it("a permanent RPC error is thrown as is, once, and not held against the endpoint", async () => {
    const counting = await fake(local.chain.rpcUrl, forward);
    const pool = track(poolOf([counting.url, local.chain.rpcUrl]));
    const error = await pool
      .call("sendTransaction", (c) =>
        c.sendRawTransaction(Buffer.from("not a transaction"), { skipPreflight: true }),
      )
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ChainError);
    expect(String(error)).toMatch(/failed to deserialize|invalid|decode/i);
    expect(counting.requests.filter((r) => r.method === "sendTransaction")).toHaveLength(1);
    expect(pool.health()[0]).toMatchObject({ failures: 0, state: "healthy" });
  });

  it("every endpoint down: RPC_UNAVAILABLE after maxAttempts, each attempt listed", async () => {
    const pool = track(poolOf([await deadUrl(), await deadUrl()]));
    const error = await getSlot(pool).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "RPC_UNAVAILABLE", transient: true });
    const attempts = (error as ChainError).details?.attempts as { url: string }[];
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.slice(0, 2).map((a) => a.url)).size).toBe(2);
  });

  it("a cooled-down endpoint is probed (getHealth) and comes back once it answers", async () => {
    const flaky = await fake(local.chain.rpcUrl, drop);
    const pool = track(
      poolOf([flaky.url, local.chain.rpcUrl], {
        probeIntervalMs: 50,
        scoring: { coolDownMs: 100 },
      }),
    );
    await getSlot(pool);
    // Cooling, or probing if this machine was slow enough for the 100 ms to run out.
    expect(pool.health()[0]!.state).not.toBe("healthy");
    expect(pool.health()[0]!.failures).toBeGreaterThanOrEqual(1);

    flaky.setHandler(forward);
    for (let i = 0; i < 100 && pool.health()[0]!.state !== "healthy"; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(pool.health()[0]).toMatchObject({ state: "healthy", coolingDownMs: 0 });
    expect(flaky.requests.map((r) => r.method)).toContain("getHealth");
  });

  it("an endpoint whose slot lags the others is failed as behind, though its getHealth says ok", async () => {
    const lagging = await fake(local.chain.rpcUrl, (r) =>
      r.method === "getSlot"
        ? forwardMapped((body) => {
            const answer = body as { result: number };
            return { ...answer, result: answer.result - 1_000 };
          })
        : forward(),
    );
    const pool = track(
      poolOf([lagging.url, local.chain.rpcUrl], {
        slotCheckMs: 50,
        probeIntervalMs: 50,
        scoring: { coolDownMs: 100 },
      }),
    );
    for (let i = 0; i < 100 && pool.health()[0]!.failures === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    const [behind, live] = pool.health();
    const lag = Number(
      /^RPC_UNAVAILABLE: behind by (\d+) slots/.exec(behind!.lastError ?? "")?.[1],
    );
    // 1000 less, give or take the slots that passed between the two reads.
    expect(lag).toBeGreaterThan(990);
    expect(lag).toBeLessThan(1_010);
    expect(live!.failures).toBe(0);
    // Its own getHealth answers "ok", yet it does not come back: the probe checks its slot too.
    await new Promise((r) => setTimeout(r, 400));
    expect(lagging.requests.map((r) => r.method)).toContain("getHealth");
    expect(pool.health()[0]!.state).not.toBe("healthy");
    expect(await getSlot(pool)).toBeGreaterThan(1_000);
  });

  it("calls after close() are refused", async () => {
    const pool = poolOf([local.chain.rpcUrl]);
    pool.close();
    await expect(getSlot(pool)).rejects.toMatchObject({ code: "POOL_CLOSED" });
  });
});
