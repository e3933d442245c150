import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createChannel,
  generateKeypair,
  joinChannel,
  postChannel,
  sendDirect,
  startFixture,
  startInstance,
  subscribeWs,
  type Fixture,
} from "./support.js";

let f: Fixture;
beforeAll(async () => {
  f = await startFixture({
    SUBSCRIPTION_MAX_CONNECTIONS: "2",
    SUBSCRIPTION_AUTH_TIMEOUT_MS: "300",
  });
});
afterAll(async () => {
  await f?.stop();
});

describe("subscription - connection lifecycle", () => {
  it("a client that never answers the challenge is closed with AUTH_TIMEOUT", async () => {
    const sub = subscribeWs(f.wsUrl, generateKeypair(), { silent: true });
    const closed = await sub.closed;
    expect(closed.code).toBe(4002);
    expect(closed.reason).toMatch(/^AUTH_TIMEOUT/);
  });

  it("refuses connections over the cap with TOO_MANY_CONNECTIONS, and admits again when one leaves", async () => {
    const bob = generateKeypair();
    const one = subscribeWs(f.wsUrl, bob);
    const two = subscribeWs(f.wsUrl, bob);
    await Promise.all([one.ready, two.ready]);
    const three = subscribeWs(f.wsUrl, bob);
    const closed = await three.closed;
    expect(closed.code).toBe(4029);
    expect(closed.reason).toMatch(/^TOO_MANY_CONNECTIONS/);
    const sseRefused = await fetch(`${f.url}/v1/events?agent=${bob.address}&nonce=x&signature=y`);
    expect(sseRefused.status).toBe(503);
    expect(await sseRefused.json()).toMatchObject({ code: "TOO_MANY_CONNECTIONS" });

    await one.close();
    const four = subscribeWs(f.wsUrl, bob);
    await four.ready;
    await Promise.all([two.close(), four.close()]);
  });

  it("an instance started later rebuilds channel membership from POD_EVENTS", async () => {
    const owner = generateKeypair();
    const member = generateKeypair();
    const channel = await createChannel(f.bus, owner, `rebuilt-${Date.now()}`);
    await joinChannel(f.bus, member, channel);
    const later = await startInstance(f.nats.url, `${f.dir.path}/later`);
    try {
      const sub = subscribeWs(later.wsUrl, member);
      await sub.ready;
      await postChannel(f.bus, owner, channel, "to members");
      await sub.received(1);
      expect(sub.messages[0]!.content).toEqual({ text: "to members" });
      expect(later.logs.find((l) => l.event === "membership_rebuilt")).toMatchObject({
        transitions: expect.any(Number),
      });
      await sub.close();
    } finally {
      await later.stop();
    }
  });

  it("on shutdown every subscriber is closed with SERVER_DRAINING (1001)", async () => {
    const bob = generateKeypair();
    const sub = subscribeWs(f.wsUrl, bob);
    await sub.ready;
    await sendDirect(f.bus, generateKeypair(), bob.address, "before drain");
    await sub.received(1);
    await f.service.stop("drain test");
    const closed = await sub.closed;
    expect(closed.code).toBe(1001);
    expect(closed.reason).toMatch(/^SERVER_DRAINING/);
    expect(sub.errors.at(-1)?.code).toBe("SERVER_DRAINING");
  });
});
