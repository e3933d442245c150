import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLoad } from "../src/run.js";
import { spawnStack, type SpawnedStack } from "../src/stack/spawn-stack.js";

let stack: SpawnedStack;

beforeAll(async () => {
  stack = await spawnStack();
}, 180_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

describe("loadgen - a short real run against the whole stack", () => {
  it("registers, creates, joins and sends; every request confirmed, measured and sampled", async () => {
    const report = await runLoad({
      agents: 4,
      messages: 24,
      rate: 12,
      channels: 1,
      joinsPerAgent: 1,
      setupRate: 20,
      mix: { directRatio: 0.5, largeRatio: 0.2, largeBytes: 2048, expiringRatio: 0 },
      maxOutstanding: 100,
      drainTimeoutMs: 60_000,
      seed: 7,
      natsUrl: stack.natsUrl,
      rpcUrl: stack.rpcUrl,
      ...(stack.wsUrl === undefined ? {} : { wsUrl: stack.wsUrl }),
      processes: stack.processes,
      spawned: true,
      baseline: { clients: 2, durationMs: 1500 },
    });

    const { register, create_channel, join, message } = report.phases;
    expect(register?.confirmed).toBe(4);
    expect(create_channel?.confirmed).toBe(1);
    expect(join?.confirmed).toBe(4);
    expect(message?.published).toBe(24);
    expect(message?.confirmed).toBe(24);
    expect(message?.unsettled).toBe(0);
    expect(message?.latency.count).toBe(24);
    expect(message?.latency.p99Ms).toBeGreaterThan(0);
    // Both kinds were sent, and the large ones went through IPFS (content.stored).
    expect(Object.keys(message?.latencyByOp ?? {}).sort()).toEqual(["post_channel", "send_direct"]);
    expect(message?.stored).toBeGreaterThan(0);
    expect(message?.stored).toBeLessThan(24);
    expect(message?.lamportsPerMessage).toBeGreaterThan(0);
    expect(message?.recordsPerTransaction).toBeGreaterThanOrEqual(1);
    expect(message?.schedule.offeredPerSec).toBeGreaterThan(10);
    // Every service, the chain and the broker were sampled with a live RSS.
    for (const name of ["ingest", "compression", "ipfs-storage", "tx-bundler", "local-chain"]) {
      const usage = report.processes.find((p) => p.name === name);
      expect(usage?.samples, name).toBeGreaterThan(0);
      expect(usage?.rssPeakBytes, name).toBeGreaterThan(10 * 1024 * 1024);
    }
    expect(report.backlog.map((b) => b.stage)).toEqual([
      "ingest",
      "compression",
      "ipfs-storage",
      "tx-bundler",
    ]);
    // The naive client ran on the same chain, and the comparison is built from both.
    expect(report.baseline !== undefined && "confirmed" in report.baseline).toBe(true);
    expect(report.comparison?.baselinePerSec).toBeGreaterThan(0);
    expect(report.targets.find((t) => t.name === "registration latency")).toBeDefined();
  }, 240_000);
});
