import { EventSource } from "eventsource";
import { parsePayload } from "@pod/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  generateKeypair,
  openSse,
  sendDirect,
  sleep,
  sseQuery,
  sseTexts,
  startFixture,
  startInstance,
  type Fixture,
  type Instance,
} from "./support.js";

let f: Fixture;
let b: Instance;
beforeAll(async () => {
  f = await startFixture();
  b = await startInstance(f.nats.url, `${f.dir.path}/b`);
});
afterAll(async () => {
  await b?.stop();
  await f?.stop();
});

describe("subscription - server-sent events", () => {
  it("delivers messages with the cursor as event id; Last-Event-ID wins over cursor", async () => {
    const alice = generateKeypair();
    const bob = generateKeypair();
    const m1 = await sendDirect(f.bus, alice, bob.address, "s1");
    await sendDirect(f.bus, alice, bob.address, "s2");
    const q = await sseQuery(f.url, bob);
    q.set("cursor", String(m1.seq - 1));
    const stream = await openSse(`${f.url}/v1/events?${q}`, { "last-event-id": String(m1.seq) });
    expect(stream.res.status).toBe(200);
    await stream.received(1);
    await sendDirect(f.bus, alice, bob.address, "s3");
    const events = await stream.received(2);
    expect(sseTexts(events)).toEqual(["s2", "s3"]);
    const delivered = parsePayload("delivery", JSON.parse(events[0]!.data));
    expect(events[0]!.id).toBe(delivered.cursor);
    await stream.close();
  });

  it("a challenge from one instance is answered on another, once; a bad signature gets 401", async () => {
    const bob = generateKeypair();
    const q = await sseQuery(f.url, bob);
    const first = await openSse(`${b.url}/v1/events?${q}`);
    expect(first.res.status).toBe(200);
    await first.close();

    const reused = await fetch(`${b.url}/v1/events?${q}`);
    expect(reused.status).toBe(401);
    expect(await reused.json()).toMatchObject({ code: "AUTH_FAILED" });

    const forged = await sseQuery(f.url, bob, generateKeypair());
    const refused = await fetch(`${f.url}/v1/events?${forged}`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: "AUTH_FAILED", reason: /signature/ });

    const badCursor = await sseQuery(f.url, bob);
    badCursor.set("cursor", "12x");
    const bad = await fetch(`${f.url}/v1/events?${badCursor}`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "CURSOR_INVALID" });
  });

  it("EventSource resumes on another instance with Last-Event-ID when its server drains", async () => {
    const alice = generateKeypair();
    const bob = generateKeypair();
    let target = f.url;
    const errors: string[] = [];
    // Each connection attempt gets a fresh nonce: they are single use.
    const es = new EventSource(`${f.url}/v1/events`, {
      fetch: async (_input, init) => {
        const q = await sseQuery(target, bob);
        return fetch(`${target}/v1/events?${q}`, init);
      },
    });
    const texts: string[] = [];
    es.addEventListener("message", (e) => {
      texts.push(parsePayload("delivery", JSON.parse(e.data)).content!.text!);
    });
    es.addEventListener("error", (e) => {
      const data = (e as unknown as { data?: string }).data;
      if (data) errors.push((JSON.parse(data) as { code: string }).code);
    });
    await new Promise<void>((resolve) => es.addEventListener("open", () => resolve()));
    await sendDirect(f.bus, alice, bob.address, "e1");
    await sendDirect(f.bus, alice, bob.address, "e2");
    while (texts.length < 2) await sleep(20);

    target = b.url;
    const draining = f.service.stop("drain test");
    await sendDirect(f.bus, alice, bob.address, "e3");
    await draining;
    await sendDirect(f.bus, alice, bob.address, "e4");
    const deadline = Date.now() + 15_000;
    while (texts.length < 4 && Date.now() < deadline) await sleep(50);
    es.close();
    expect(texts).toEqual(["e1", "e2", "e3", "e4"]);
    expect(errors).toContain("SERVER_DRAINING");
  });
});
