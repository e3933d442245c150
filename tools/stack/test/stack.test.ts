import { readFileSync } from "node:fs";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { STREAMS } from "@pod/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, StackOptionError, type Stack } from "../src/index.js";

// Two services are enough to prove the launcher's machinery; the whole pipeline is exercised
// by the system tests under tests/write-path.
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ services: { ingest: 2, metrics: 1 }, env: { LOG_LEVEL: "warn" } });
}, 180_000);
afterAll(() => stack?.stop());

async function readyStatus(url: string): Promise<number> {
  return (await fetch(`${url}/readyz`)).status;
}

describe("startStack", () => {
  it("stack - starts nats-server, the local chain and N instances each, all ready on their own ports and data dirs", async () => {
    expect(stack.natsPid).toBeGreaterThan(0);
    expect(stack.chainPid).toBeGreaterThan(0);
    expect(stack.services.map((s) => s.label).sort()).toEqual(["ingest", "ingest#1", "metrics"]);
    const ingest = stack.instances("ingest");
    expect(new Set(ingest.map((s) => s.httpUrl)).size).toBe(2);
    expect(new Set(ingest.map((s) => s.dataDir)).size).toBe(2);
    for (const s of stack.services) expect(await readyStatus(s.httpUrl)).toBe(200);

    const nc = await connect({ servers: stack.natsUrl });
    const names = (await (await jetstreamManager(nc)).streams.names().next())
      // KV buckets are streams too (KV_<bucket>); only the pipeline's own are compared.
      .filter((n) => !n.startsWith("KV_"))
      .sort();
    await nc.close();
    expect(names).toEqual(
      Object.values(STREAMS)
        .map((s) => s.name)
        .sort(),
    );

    const health = await fetch(stack.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "getHealth" }),
    }).then((r) => r.json() as Promise<{ result: string }>);
    expect(health.result).toBe("ok");
    // WebSocket where web3.js derives it from the RPC URL: its port + 1.
    expect(Number(new URL(stack.wsUrl!).port)).toBe(Number(new URL(stack.rpcUrl).port) + 1);
    const admin = JSON.parse(readFileSync(stack.adminKeypairPath!, "utf8")) as number[];
    expect(admin).toHaveLength(64);
  });

  it("stack - a SIGKILLed instance restarts with a new pid on the same port and becomes ready", async () => {
    const first = stack.service("ingest", 1);
    const { pid, httpUrl } = first;
    const exit = await first.kill("SIGKILL");
    expect(exit.signal).toBe("SIGKILL");
    expect(first.running()).toBe(false);
    await first.restart();
    expect(first.pid).not.toBe(pid);
    expect(first.httpUrl).toBe(httpUrl);
    expect(await readyStatus(first.httpUrl)).toBe(200);
  }, 90_000);

  it("stack - an unknown service name is refused before anything starts", async () => {
    await expect(startStack({ services: ["nope" as "ingest"] })).rejects.toBeInstanceOf(
      StackOptionError,
    );
  });
});
