import { Kvm, type KV } from "@nats-io/kv";
import { KV_BUCKETS, type ReadyPayload } from "@pod/protocol";
import { waitForStatus } from "@pod/runtime/testing";
import { fakeRpc, forward, stall, waitFor } from "@pod/testing";
import { afterAll, describe, expect, it } from "vitest";
import { messagePda } from "../src/plan/accounts.js";
import type { ServiceProcess } from "@pod/runtime/testing";
import {
  authorityOf,
  bundlerEnv,
  eventsFor,
  leavesByEnvelope,
  publishReady,
  recordEvents,
  spawnBundler,
} from "./support/fixture.js";
import { agent, direct, inline, registration } from "./support/requests.js";

const env = bundlerEnv();
const children: ServiceProcess[] = [];
afterAll(async () => {
  await Promise.all(children.map((c) => c.kill()));
});

async function started(extra: Record<string, string> = {}): Promise<ServiceProcess> {
  const child = spawnBundler(env.env({ LOG_LEVEL: "info", ...extra }));
  children.push(child);
  await waitForStatus(`${await child.httpUrl(30_000)}/readyz`, 200, 30_000);
  return child;
}

async function sentClaims(kv: KV): Promise<number> {
  let sent = 0;
  for await (const key of await kv.keys()) {
    if (key.startsWith("tx.")) continue;
    const entry = await kv.get(key);
    if (entry?.operation === "PUT" && entry.json<{ state: string }>().state === "sent") sent++;
  }
  return sent;
}

const keysOf = (records: ReadyPayload[]) => records.map((r) => r.record.requestKey);

describe("exactly once across crashes and instances", () => {
  const alice = agent();
  const bob = agent();

  it("a bundler SIGKILLed after claiming and sending lands every record exactly once after restart", async () => {
    // The first instance reaches the chain through a proxy that, once the registrations are
    // in, stalls every status poll: its transactions land, but it never learns so and never
    // acks their records. Killed then, it leaves landed-but-unacked records behind on purpose.
    let stallStatuses = false;
    const rpc = await fakeRpc(env.chain.rpcUrl, (r) =>
      stallStatuses && r.method === "getSignatureStatuses" ? stall() : forward(),
    );
    const first = await started({ SOLANA_RPC_URL: rpc.url, BUNDLER_MAX_IN_FLIGHT: "16" });
    const regs = [registration(alice), registration(bob)];
    for (const r of regs) await publishReady(env.bus, r);
    await eventsFor(env.bus, keysOf(regs));
    stallStatuses = true;

    const records = [
      ...Array.from({ length: 30 }, (_, i) => direct(alice, bob, `compressed ${i}`)),
      ...Array.from({ length: 4 }, (_, i) =>
        direct(bob, alice, `direct ${i}`, "direct", inline(`direct ${i}`)),
      ),
    ];
    for (const r of records) await publishReady(env.bus, r);
    const kv = await new Kvm(env.bus.js).open(KV_BUCKETS.bundlerClaims);
    await waitFor(async () => (await sentClaims(kv)) === records.length, {
      timeoutMs: 60_000,
      what: "every record claimed as sent",
    });
    first.signal("SIGKILL");
    await first.exited;
    await rpc.close();
    const atKill = await recordEvents(env.bus);
    const confirmedAtKill = atKill.confirmed.filter((e) => keysOf(records).includes(e.requestKey));
    expect(confirmedAtKill).toEqual([]);
    const landedAtKill = await leavesByEnvelope(
      env.connection,
      authorityOf(env.data.path).publicKey,
    );
    const unacked = records.filter(
      (r) =>
        landedAtKill.has(r.commitment) &&
        !confirmedAtKill.some((e) => e.requestKey === r.record.requestKey),
    );
    expect(unacked.length).toBeGreaterThan(0);

    const second = await started();
    const events = await eventsFor(env.bus, keysOf(records), 90_000);
    expect(events.failed).toEqual([]);
    for (const key of keysOf(records)) {
      expect(events.confirmed.filter((e) => e.requestKey === key)).toHaveLength(1);
    }
    const leaves = await leavesByEnvelope(env.connection, authorityOf(env.data.path).publicKey);
    for (const r of records.slice(0, 30)) expect(leaves.get(r.commitment)).toBe(1);
    for (const r of records.slice(30)) {
      expect(await env.connection.getAccountInfo(messagePda(r.record.requestKey))).not.toBeNull();
    }
    second.signal("SIGTERM");
    expect((await second.exited).code).toBe(0);
  }, 150_000);

  it("two bundler instances on one stream land duplicated records exactly once", async () => {
    // Small pulls, so that both instances get a share of the stream.
    await Promise.all([started({ BUNDLER_MAX_QUEUE: "8" }), started({ BUNDLER_MAX_QUEUE: "8" })]);
    const records = Array.from({ length: 40 }, (_, i) => direct(bob, alice, `twice ${i}`));
    // Each record twice under different msg ids (as if republished past the dedup window).
    for (const r of records) {
      await publishReady(env.bus, r, `a:${r.record.requestKey}`);
      await publishReady(env.bus, r, `b:${r.record.requestKey}`);
    }
    const events = await eventsFor(env.bus, keysOf(records), 60_000);
    await new Promise((r) => setTimeout(r, 2_000));
    const info = await env.bus.jsm.consumers.info("POD_PIPELINE", "tx-bundler");
    expect(info.num_pending + info.num_ack_pending).toBe(0);
    const after = await recordEvents(env.bus);
    for (const key of keysOf(records)) {
      expect(after.confirmed.filter((e) => e.requestKey === key)).toHaveLength(1);
    }
    expect(events.failed).toEqual([]);
    const leaves = await leavesByEnvelope(env.connection, authorityOf(env.data.path).publicKey);
    for (const r of records) expect(leaves.get(r.commitment)).toBe(1);
    // Both instances landed some of them (the journal names who claimed each).
    const kv = await new Kvm(env.bus.js).open(KV_BUCKETS.bundlerClaims);
    const instances = new Set<string>();
    for (const r of records)
      instances.add((await kv.get(r.record.requestKey))!.json<{ instance: string }>().instance);
    expect(instances.size).toBe(2);
  }, 120_000);
});
