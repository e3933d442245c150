import { channelId, generateKeypair, type DeliveredMessage } from "@pod/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Subscription,
  SubscriptionError,
  type PodClient,
  type SubscribeOptions,
} from "../src/index.js";
import { startSdkStack, WRITE_PATH, type SdkStack } from "./support/stack.js";

// One stack for the file, with the subscription service; agents registered once.
let s: SdkStack;
let alice: PodClient;
let bob: PodClient;
let url: string;

beforeAll(async () => {
  s = await startSdkStack([...WRITE_PATH, "subscription"]);
  url = s.stack.service("subscription").httpUrl;
  [alice, bob] = await Promise.all([s.registered(), s.registered()]);
}, 180_000);
afterAll(() => s?.stop());

/** Subscribes and resolves once the first connection is ready. */
async function subscribed(client: PodClient, opts: Partial<SubscribeOptions> = {}) {
  const sub = client.subscribe({ url, ...opts });
  await new Promise<void>((resolve, reject) => {
    sub.once("connected", () => resolve());
    sub.once("close", () => reject(new Error("closed before connecting")));
  });
  return sub;
}

/** The next `n` deliveries (within a timeout). */
async function take(sub: Subscription, n: number, timeoutMs = 30_000): Promise<DeliveredMessage[]> {
  const out: DeliveredMessage[] = [];
  const it = sub[Symbol.asyncIterator]();
  const deadline = setTimeout(() => void sub.close(), timeoutMs);
  try {
    while (out.length < n) {
      const r = await it.next();
      if (r.done) break;
      out.push(r.value);
    }
  } finally {
    clearTimeout(deadline);
  }
  return out;
}

describe("subscribe", () => {
  it("subscribe (ws) - receives a direct message sent by another agent, validated, with its cursor and content", async () => {
    const sub = await subscribed(bob);
    const { receipt } = await alice.sendDirect(
      { to: bob.agent, text: "hi bob" },
      { confirm: true },
    );
    const [m] = await take(sub, 1);
    expect(m!.event).toMatchObject({ op: "send_direct", requestKey: receipt.requestKey });
    expect(m!.cursor).toMatch(/^[0-9]+$/);
    expect(await bob.contentOf(m!)).toMatchObject({ text: "hi bob" });
    await sub.close();
    expect(sub.cursor).toBe(m!.cursor);
  });

  it.each(["ws", "sse"] as const)(
    "subscribe (%s) - resumes after the subscription service restarts: nothing missed, nothing repeated",
    async (transport) => {
      const sub = await subscribed(bob, { transport, initialDelayMs: 100, maxDelayMs: 1_000 });
      const disconnects: string[] = [];
      sub.on("disconnected", (e) => disconnects.push(e.error.code));
      const sent: string[] = [];
      const send = async (text: string) => {
        const { receipt } = await alice.sendDirect({ to: bob.agent, text }, { confirm: true });
        sent.push(receipt.requestKey);
      };
      await send("before 1");
      await send("before 2");
      const before = await take(sub, 2);

      const service = s.stack.service("subscription");
      await service.kill("SIGKILL");
      await send("while down 1");
      await send("while down 2");
      const reconnected = new Promise<void>((r) => sub.once("connected", () => r()));
      await service.restart();
      await reconnected;
      await send("after");
      const after = await take(sub, 3);

      const keys = [...before, ...after].map((m) => m.event.requestKey);
      expect(keys).toEqual(sent);
      expect(disconnects.length).toBeGreaterThanOrEqual(1);
      await sub.close();
    },
  );

  it("subscribe (sse) - a channel post reaches a member, filtered to channel messages", async () => {
    const room = `sub-room-${Date.now()}`;
    await alice.createChannel({ name: room }, { confirm: true });
    await bob.joinChannel({ channel: room }, { confirm: true });
    const sub = await subscribed(bob, { transport: "sse", filter: { kinds: ["channel"] } });
    await alice.sendDirect({ to: bob.agent, text: "filtered out" }, { confirm: true });
    const { receipt } = await alice.postChannel(
      { channel: room, text: "to the room" },
      { confirm: true },
    );
    const [m] = await take(sub, 1);
    expect(m!.event).toMatchObject({ op: "post_channel", requestKey: receipt.requestKey });
    expect((m!.event.record as { channel: string }).channel).toBe(channelId(room));
    await sub.close();
  });

  it("subscribe - AUTH_FAILED (a key that does not sign for its address) ends the subscription without retrying", async () => {
    const other = generateKeypair();
    const forged = { ...bob.keypair, address: other.address, publicKey: other.publicKey };
    const sub = new Subscription(forged, { url, initialDelayMs: 50 });
    const errors: string[] = [];
    sub.on("error", (e) => errors.push(e.code));
    const failure = await take(sub, 1).catch((e) => e);
    expect(failure).toBeInstanceOf(SubscriptionError);
    expect(failure).toMatchObject({ code: "AUTH_FAILED", retryable: false });
    expect(errors).toEqual(["AUTH_FAILED"]);
  });

  it("subscribe - CURSOR_INVALID (beyond the stream) ends the subscription without retrying", async () => {
    const sub = bob.subscribe({ url, cursor: "99999999999", initialDelayMs: 50 });
    const errors: string[] = [];
    sub.on("error", (e) => errors.push(e.code));
    const failure = await take(sub, 1).catch((e) => e);
    expect(failure).toMatchObject({ code: "CURSOR_INVALID" });
    expect(errors).toEqual(["CURSOR_INVALID"]);
  });

  it("getProof and verifyMessage - a delivered compressed message verifies against the chain", async () => {
    const sub = await subscribed(bob);
    await alice.sendDirect({ to: bob.agent, text: "verify me" }, { confirm: true });
    const [m] = await take(sub, 1);
    await sub.close();
    const proven = await bob.getProof(url, m!.event.requestKey);
    expect(proven.event.requestKey).toBe(m!.event.requestKey);
    expect(await bob.verifyMessage(proven, { text: "verify me" })).toMatchObject({
      ok: true,
      inclusion: "ok",
    });
    expect(await bob.verifyMessage(proven, { text: "verify you" })).toMatchObject({ ok: false });
  });
});
