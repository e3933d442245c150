import { fakeRpc, reply, type FakeRpc } from "@pod/testing";
import { Connection } from "@solana/web3.js";
import { afterEach, describe, expect, it } from "vitest";
import { TreeFollower } from "../src/index.js";

// An RPC whose tree has no transactions yet, or one that fails every call.
const proxies: FakeRpc[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

async function emptyTreeRpc() {
  const rpc = await fakeRpc(undefined, (req) =>
    req.method === "getSignaturesForAddress"
      ? reply(200, { jsonrpc: "2.0", id: req.id, result: [] })
      : reply(200, { jsonrpc: "2.0", id: req.id, error: { code: -32601, message: "no" } }),
  );
  proxies.push(rpc);
  return rpc;
}

const commitment = "ab".repeat(32);

describe("TreeFollower lifecycle (scripted RPC)", () => {
  it("options - out-of-range values are refused with PROOF_CONFIG_INVALID naming the field", () => {
    const source = new Connection("http://127.0.0.1:9");
    for (const bad of [{ pollMs: -1 }, { pageLimit: 0 }, { fetchConcurrency: 1.5 }]) {
      expect(() => new TreeFollower({ source, ...bad })).toThrow(
        expect.objectContaining({ code: "PROOF_CONFIG_INVALID" }),
      );
    }
    expect(() => new TreeFollower({ source, pollMs: 0 })).not.toThrow();
  });

  it("waitForLeaf - times out with PROOF_LEAF_TIMEOUT; stop() rejects the others with PROOF_FOLLOWER_STOPPED", async () => {
    const rpc = await emptyTreeRpc();
    const f = new TreeFollower({ source: new Connection(rpc.url), pollMs: 50, logs: false });
    await expect(f.waitForLeaf(commitment, 100)).rejects.toMatchObject({
      code: "PROOF_FOLLOWER_STOPPED",
    });
    await f.start();
    expect(f.status()).toMatchObject({ leaves: 0, backfilled: true, running: true });

    await expect(f.waitForLeaf(commitment, 150)).rejects.toMatchObject({
      code: "PROOF_LEAF_TIMEOUT",
      commitment,
    });
    const pending = expect(f.waitForLeaf(commitment, 10_000)).rejects.toMatchObject({
      code: "PROOF_FOLLOWER_STOPPED",
    });
    await f.stop();
    await pending;
    // Polling ran while started and stops with it.
    const polls = rpc.requests.filter((r) => r.method === "getSignaturesForAddress").length;
    expect(polls).toBeGreaterThan(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(rpc.requests.filter((r) => r.method === "getSignaturesForAddress")).toHaveLength(polls);
  });

  it("rpc failure - start() rejects with PROOF_RPC_FAILED (cause chained) and leaves it stopped", async () => {
    const rpc = await fakeRpc(undefined, () => reply(500, "upstream down"));
    proxies.push(rpc);
    const f = new TreeFollower({ source: new Connection(rpc.url), logs: false });
    const error = await f.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "PROOF_RPC_FAILED" });
    expect((error as Error).cause).toBeDefined();
    expect(f.status().running).toBe(false);
  });

  it("poll errors - a failed round is reported on 'error' and the next round goes on", async () => {
    let fail = false;
    const rpc = await fakeRpc(undefined, (req) =>
      fail ? reply(500, "flaky") : reply(200, { jsonrpc: "2.0", id: req.id, result: [] }),
    );
    proxies.push(rpc);
    const f = new TreeFollower({ source: new Connection(rpc.url), pollMs: 30, logs: false });
    const errors: string[] = [];
    f.on("error", (e) => errors.push(e.code));
    await f.start();
    fail = true;
    await new Promise((r) => setTimeout(r, 200));
    fail = false;
    const before = rpc.requests.length;
    await new Promise((r) => setTimeout(r, 200));
    await f.stop();
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors)).toEqual(new Set(["PROOF_RPC_FAILED"]));
    expect(rpc.requests.length).toBeGreaterThan(before);
  });
});
