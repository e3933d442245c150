import { join } from "node:path";
import { rmSync } from "node:fs";
import { spawnLocalChain, type SpawnedChain } from "@pod/local-chain";
import { Connection } from "@solana/web3.js";
import { pdas } from "@pod/program";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBaseline } from "../src/baseline/naive-client.js";

let chain: SpawnedChain;

beforeAll(async () => {
  chain = await spawnLocalChain({ slotMs: 100 });
});

afterAll(async () => {
  await chain.stop();
  rmSync(chain.ledger, { recursive: true, force: true });
});

describe("baseline - the naive one-transaction-per-message client on the local chain", () => {
  it("initializes the protocol with the upgrade authority, then confirms one record per transaction", async () => {
    const figures = await runBaseline({
      rpcUrl: chain.rpcUrl,
      wsUrl: chain.wsUrl,
      clients: 2,
      durationMs: 1500,
      adminKeypairPath: join(chain.ledger, "pod-upgrade-authority.json"),
    });

    expect(figures.protocol).toBe("initialized");
    const connection = new Connection(chain.rpcUrl, "confirmed");
    expect(await connection.getAccountInfo(pdas.protocol())).not.toBeNull();
    expect(figures.failed).toEqual({});
    expect(figures.confirmed).toBeGreaterThan(0);
    expect(figures.confirmedPerSec).toBeGreaterThan(0);
    expect(figures.latency.count).toBe(figures.confirmed);
    expect(figures.latency.p50Ms).toBeGreaterThan(0);
    // One signature (5,000 lamports) plus Light's per-leaf fee, nothing else.
    expect(figures.lamportsPerMessage).toBeGreaterThanOrEqual(5000);
    expect(figures.lamportsPerMessage).toBeLessThan(10_000);
    expect(figures.recordsPerTransaction).toBe(1);
  });

  it("on a chain where the protocol exists it needs no admin key and stops at maxMessages", async () => {
    const figures = await runBaseline({
      rpcUrl: chain.rpcUrl,
      wsUrl: chain.wsUrl,
      clients: 3,
      durationMs: 10_000,
      maxMessages: 6,
    });

    expect(figures.protocol).toBe("existing");
    expect(figures.confirmed).toBe(6);
  });
});
