import { parsePayload, STREAMS, subjects } from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createChannel,
  generateKeypair,
  joinChannel,
  leaveChannel,
  postChannel,
  sendDirect,
  sleep,
  startFixture,
  subscribeWs,
  texts,
  type Fixture,
} from "./support.js";

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f?.stop();
});

describe("subscription - who sees what", () => {
  it("direct message reaches its recipient only, never the sender nor another agent", async () => {
    const alice = generateKeypair();
    const bob = generateKeypair();
    const eve = generateKeypair();
    const bobSub = subscribeWs(f.wsUrl, bob);
    const aliceSub = subscribeWs(f.wsUrl, alice);
    const eveSub = subscribeWs(f.wsUrl, eve);
    await Promise.all([bobSub.ready, aliceSub.ready, eveSub.ready]);

    const sent = await sendDirect(f.bus, alice, bob.address, "hello bob");
    const [got] = await bobSub.received(1);
    expect(got!.content).toEqual({ text: "hello bob" });
    expect(got!.cursor).toBe(String(sent.seq));
    expect(got!.event.requestKey).toBe(sent.event.requestKey);

    // A later message to eve proves eve's socket works and that nothing else came before it.
    await sendDirect(f.bus, bob, eve.address, "for eve");
    await eveSub.received(1);
    expect(texts(eveSub.messages)).toEqual(["for eve"]);
    expect(aliceSub.messages).toEqual([]);
    await Promise.all([bobSub.close(), aliceSub.close(), eveSub.close()]);
  });

  it("each delivery publishes message.delivered in the confirmed event's trace", async () => {
    const alice = generateKeypair();
    const bob = generateKeypair();
    const seen: { event: Record<string, unknown>; traceparent: string }[] = [];
    const sub = f.bus.nc.subscribe(subjects.event("message", "delivered"), {
      callback: (_err, msg) => {
        seen.push({ event: msg.json(), traceparent: msg.headers?.get("traceparent") ?? "" });
      },
    });
    const bobSub = subscribeWs(f.wsUrl, bob);
    await bobSub.ready;
    const sent = await sendDirect(f.bus, alice, bob.address, "traced");
    await bobSub.received(1);
    await waitFor(() => seen.length > 0);
    const confirmed = await f.bus.jsm.streams.getMessage(STREAMS.events.name, { seq: sent.seq });
    const traceOf = (tp: string) => tp.split("-")[1];
    expect(traceOf(seen[0]!.traceparent)).toBe(traceOf(confirmed!.header.get("traceparent")));
    expect(seen[0]!.event).toMatchObject({
      requestKey: sent.event.requestKey,
      requestId: sent.event.requestId,
      op: "send_direct",
      agent: bob.address,
      transport: "ws",
      confirmedAt: sent.event.at,
    });
    parsePayload("event.message.delivered", seen[0]!.event);
    sub.unsubscribe();
    await bobSub.close();
  });

  it("a signature by another key is refused with AUTH_FAILED", async () => {
    const bob = generateKeypair();
    const mallory = generateKeypair();
    const sub = subscribeWs(f.wsUrl, bob, { signWith: mallory });
    const closed = await sub.closed;
    expect(closed.code).toBe(4001);
    expect(closed.reason).toMatch(/^AUTH_FAILED/);
    expect(sub.errors[0]?.code).toBe("AUTH_FAILED");
    await expect(sub.ready).rejects.toThrow();
  });

  it("a signature for another audience is refused with AUTH_FAILED", async () => {
    const bob = generateKeypair();
    const sub = subscribeWs(f.wsUrl, bob, { audience: "other-deployment" });
    expect((await sub.closed).reason).toMatch(/^AUTH_FAILED/);
  });

  it("an auth message that breaks the schema is refused with BAD_REQUEST", async () => {
    const bob = generateKeypair();
    const sub = subscribeWs(f.wsUrl, bob, { auth: () => ({ type: "auth", agent: "nope" }) });
    const closed = await sub.closed;
    expect(closed.code).toBe(4000);
    expect(closed.reason).toMatch(/^BAD_REQUEST/);
  });

  it("channel posts reach members only, from their join until their leave", async () => {
    const owner = generateKeypair();
    const member = generateKeypair();
    const outsider = generateKeypair();
    const channel = await createChannel(f.bus, owner, `room-${Date.now()}`);
    await joinChannel(f.bus, member, channel);
    const ownerSub = subscribeWs(f.wsUrl, owner);
    const memberSub = subscribeWs(f.wsUrl, member);
    const outsiderSub = subscribeWs(f.wsUrl, outsider);
    await Promise.all([ownerSub.ready, memberSub.ready, outsiderSub.ready]);

    await postChannel(f.bus, owner, channel, "one");
    await leaveChannel(f.bus, member, channel);
    await postChannel(f.bus, owner, channel, "two");
    await sendDirect(f.bus, owner, outsider.address, "marker");

    await ownerSub.received(2);
    await memberSub.received(1);
    await outsiderSub.received(1);
    await sleep(100);
    expect(texts(ownerSub.messages)).toEqual(["one", "two"]);
    expect(texts(memberSub.messages)).toEqual(["one"]);
    expect(texts(outsiderSub.messages)).toEqual(["marker"]);
    await Promise.all([ownerSub.close(), memberSub.close(), outsiderSub.close()]);
  });

  it("filters narrow by sender, channel and kind", async () => {
    const me = generateKeypair();
    const friend = generateKeypair();
    const stranger = generateKeypair();
    const wanted = await createChannel(f.bus, me, `wanted-${Date.now()}`);
    const other = await createChannel(f.bus, me, `other-${Date.now()}`);
    const bySender = subscribeWs(f.wsUrl, me, { filter: { senders: [friend.address] } });
    const byChannel = subscribeWs(f.wsUrl, me, { filter: { channels: [wanted] } });
    const directOnly = subscribeWs(f.wsUrl, me, { filter: { kinds: ["direct"] } });
    await Promise.all([bySender.ready, byChannel.ready, directOnly.ready]);

    await sendDirect(f.bus, stranger, me.address, "from stranger");
    await sendDirect(f.bus, friend, me.address, "from friend");
    await postChannel(f.bus, me, other, "in other");
    await postChannel(f.bus, me, wanted, "in wanted");
    await sendDirect(f.bus, friend, me.address, "last");

    await bySender.received(2);
    await byChannel.received(4);
    await directOnly.received(3);
    expect(texts(bySender.messages)).toEqual(["from friend", "last"]);
    // Direct messages still come unless `kinds` excludes them.
    expect(texts(byChannel.messages)).toEqual([
      "from stranger",
      "from friend",
      "in wanted",
      "last",
    ]);
    expect(texts(directOnly.messages)).toEqual(["from stranger", "from friend", "last"]);
    await Promise.all([bySender.close(), byChannel.close(), directOnly.close()]);
  });
});
