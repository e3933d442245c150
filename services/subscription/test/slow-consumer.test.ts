import { waitFor } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  generateKeypair,
  sendDirectBytes,
  startFixture,
  subscribeWs,
  type Fixture,
} from "./support.js";

let f: Fixture;
beforeAll(async () => {
  f = await startFixture({
    SUBSCRIPTION_MAX_BUFFER_BYTES: String(256 * 1024),
    SUBSCRIPTION_CLOSE_GRACE_MS: "20000",
  });
});
afterAll(async () => {
  await f?.stop();
});

describe("subscription - slow consumers", () => {
  it("a client that stops reading is cut with SLOW_CONSUMER while another keeps receiving", async () => {
    const alice = generateKeypair();
    const bob = generateKeypair();
    const slow = subscribeWs(f.wsUrl, bob);
    const fast = subscribeWs(f.wsUrl, bob);
    await Promise.all([slow.ready, fast.ready]);
    slow.ws.pause();

    // ~40 KiB per message, 300 of them: far more than the kernel's socket buffers hold.
    const total = 300;
    for (let i = 0; i < total; i++) await sendDirectBytes(f.bus, alice, bob.address, 30_000);
    await fast.received(total, 30_000);
    await waitFor(() => f.logs.some((l) => l.event === "slow_consumer_cut"), { timeoutMs: 10_000 });

    slow.ws.resume();
    const closed = await slow.closed;
    expect(closed.code).toBe(4008);
    expect(closed.reason).toMatch(/^SLOW_CONSUMER/);
    expect(slow.errors.at(-1)?.code).toBe("SLOW_CONSUMER");
    expect(slow.messages.length).toBeLessThan(total);
    // What did arrive is in order and without a hole, so the client can resume from its cursor.
    const cursors = slow.messages.map((m) => Number(m.cursor));
    expect(cursors).toEqual(fast.messages.slice(0, cursors.length).map((m) => Number(m.cursor)));
    expect(fast.ws.readyState).toBe(fast.ws.OPEN);
    const metrics = await (await fetch(`${f.url}/metrics`)).text();
    expect(metrics).toMatch(/pod_subscription_slow_consumer_cuts_total\{transport="ws"[^}]*\} 1/);
    await fast.close();
  });
});
