import { STREAMS } from "@pod/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { streamBounds } from "../src/stream-reader.js";
import {
  confirmAgain,
  generateKeypair,
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

describe("subscription - cursors", () => {
  it("resuming from a cursor gets everything published while away, once, in order", async () => {
    const alice = generateKeypair();
    const bob = generateKeypair();
    const first = subscribeWs(f.wsUrl, bob);
    await first.ready;
    for (const text of ["m1", "m2", "m3"]) await sendDirect(f.bus, alice, bob.address, text);
    await first.received(3);
    const cursor = first.messages[1]!.cursor; // as if m3 was lost with the connection
    await first.close();

    for (const text of ["m4", "m5"]) await sendDirect(f.bus, alice, bob.address, text);
    // Others' traffic in between must not show up nor shift anything.
    await sendDirect(f.bus, alice, generateKeypair().address, "not for bob");

    const again = subscribeWs(f.wsUrl, bob, { cursor });
    expect((await again.ready).cursor).toBe(cursor);
    await again.received(3);
    await sendDirect(f.bus, alice, bob.address, "m6");
    await again.received(4);
    await sleep(100);
    expect(texts(again.messages)).toEqual(["m3", "m4", "m5", "m6"]);
    const cursors = again.messages.map((m) => Number(m.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    await again.close();
  });

  it("hands over from replay to the live tail without gap or repeat while messages keep coming", async () => {
    const alice = generateKeypair();
    const bob = generateKeypair();
    const before = await sendDirect(f.bus, alice, bob.address, "before");
    for (let i = 0; i < 200; i++) await sendDirect(f.bus, alice, bob.address, `old-${i}`);
    // The client resumes while a producer keeps publishing: the hand-over happens mid-flow.
    const producing = (async () => {
      for (let i = 0; i < 200; i++) await sendDirect(f.bus, alice, bob.address, `new-${i}`);
    })();
    const sub = subscribeWs(f.wsUrl, bob, { cursor: String(before.seq) });
    await producing;
    await sub.received(400, 20_000);
    await sleep(200);
    const expected = [
      ...Array.from({ length: 200 }, (_, i) => `old-${i}`),
      ...Array.from({ length: 200 }, (_, i) => `new-${i}`),
    ];
    expect(texts(sub.messages)).toEqual(expected);
    await sub.close();
  });

  it("a message confirmed a second time is delivered once, live and on replay", async () => {
    const alice = generateKeypair();
    const bob = generateKeypair();
    const live = subscribeWs(f.wsUrl, bob);
    await live.ready;
    const first = await sendDirect(f.bus, alice, bob.address, "once");
    await confirmAgain(f.bus, first.event);
    await sendDirect(f.bus, alice, bob.address, "after");
    await live.received(2);
    await sleep(100);
    expect(texts(live.messages)).toEqual(["once", "after"]);
    await live.close();

    const replay = subscribeWs(f.wsUrl, bob, { cursor: String(first.seq - 1) });
    await replay.received(2);
    await sleep(100);
    expect(texts(replay.messages)).toEqual(["once", "after"]);
    await replay.close();
  });

  it("refuses a cursor that is not a number, beyond the stream or older than its first message", async () => {
    const bob = generateKeypair();
    const alice = generateKeypair();
    for (let i = 0; i < 3; i++) await sendDirect(f.bus, alice, bob.address, `x${i}`);
    const { last } = await streamBounds(f.bus);
    // Drop the stream's oldest messages, as max_age would.
    await f.bus.jsm.streams.purge(STREAMS.events.name, { seq: last - 1 });
    const cases = [
      { cursor: "abc", reason: /not a number/ },
      { cursor: String(last + 10), reason: /beyond the stream/ },
      { cursor: "1", reason: /older than the stream's first message/ },
    ];
    for (const c of cases) {
      const sub = subscribeWs(f.wsUrl, bob, { cursor: c.cursor });
      const closed = await sub.closed;
      expect(closed.code).toBe(4004);
      expect(closed.reason).toMatch(/^CURSOR_INVALID/);
      expect(sub.errors[0]).toMatchObject({
        code: "CURSOR_INVALID",
        reason: expect.stringMatching(c.reason),
      });
    }
    // The sequence just before the first one kept is still a valid place to resume from.
    const ok = subscribeWs(f.wsUrl, bob, { cursor: String(last - 2) });
    await ok.received(2);
    expect(texts(ok.messages)).toEqual(["x1", "x2"]);
    await ok.close();
  });
});
