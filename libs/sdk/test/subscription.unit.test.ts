import { createServer } from "node:net";
import { generateKeypair, type DeliveredMessage } from "@pod/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Subscription } from "../src/index.js";
import { delivery, fail, FakeSubscriptionServer } from "./support/fake-subscription-server.js";

// The client's reconnect, resume and buffering logic against a scripted server on a real
// socket: the conditions the real service cannot be pushed into quickly (a slow consumer cut,
// repeats, malformed frames).

let server: FakeSubscriptionServer;
const agent = generateKeypair();
beforeEach(async () => {
  server = await FakeSubscriptionServer.start();
});
afterEach(() => server.stop());

async function take(sub: Subscription, n: number): Promise<DeliveredMessage[]> {
  const out: DeliveredMessage[] = [];
  for await (const m of sub) {
    out.push(m);
    if (out.length === n) break;
  }
  return out;
}

describe("Subscription (unit, scripted server)", () => {
  it("SLOW_CONSUMER - reconnects after the last received cursor; a repeated message is dropped", async () => {
    server.onReady = (ws, _auth, index) => {
      if (index === 0) {
        for (const c of [1, 2, 3])
          ws.send(JSON.stringify({ type: "message", message: delivery(c, agent.address) }));
        fail(ws, "SLOW_CONSUMER", 4008, "1048577 bytes buffered, over the limit");
      } else {
        for (const c of [3, 4, 5])
          ws.send(JSON.stringify({ type: "message", message: delivery(c, agent.address) }));
      }
    };
    const sub = new Subscription(agent, { url: server.url, initialDelayMs: 10 });
    const disconnects: { code: string; willRetry: boolean }[] = [];
    sub.on("disconnected", (e) => disconnects.push({ code: e.error.code, willRetry: e.willRetry }));
    const got = await take(sub, 5);
    expect(got.map((m) => m.cursor)).toEqual(["1", "2", "3", "4", "5"]);
    expect(server.auths.map((a) => a.cursor)).toEqual([undefined, "3"]);
    expect(disconnects).toEqual([{ code: "SLOW_CONSUMER", willRetry: true }]);
    expect(sub.cursor).toBe("5");
  });

  it("AUTH_FAILED - the iteration throws it and no second connection is tried", async () => {
    const other = generateKeypair();
    const forged = { ...agent, address: other.address, publicKey: other.publicKey };
    const sub = new Subscription(forged, { url: server.url, initialDelayMs: 10 });
    const failure = await take(sub, 1).catch((e) => e);
    expect(failure).toMatchObject({ code: "AUTH_FAILED", status: 4001, retryable: false });
    await new Promise((r) => setTimeout(r, 200));
    expect(server.auths).toHaveLength(1);
  });

  it("bounded buffer - an unread subscription stops reading near bufferSize; everything arrives in order once read", async () => {
    const total = 300;
    server.onReady = (ws) => {
      for (let c = 1; c <= total; c++) {
        ws.send(JSON.stringify({ type: "message", message: delivery(c, agent.address) }));
      }
    };
    const sub = new Subscription(agent, { url: server.url, bufferSize: 10 });
    await new Promise<void>((r) => sub.once("connected", () => r()));
    await new Promise((r) => setTimeout(r, 500));
    // Frames already parsed when the socket paused still arrive; the rest waits in the socket.
    expect(sub.buffered).toBeGreaterThanOrEqual(10);
    expect(sub.buffered).toBeLessThan(total);
    const got = await take(sub, total);
    expect(got.map((m) => Number(m.cursor))).toEqual(
      Array.from({ length: total }, (_, i) => i + 1),
    );
  });

  it("invalid delivery - skipped and reported as INVALID_DELIVERY; the next one is delivered", async () => {
    server.onReady = (ws) => {
      ws.send(JSON.stringify({ type: "message", message: { v: 1, cursor: "1" } }));
      ws.send(JSON.stringify({ type: "message", message: delivery(2, agent.address) }));
    };
    const sub = new Subscription(agent, { url: server.url });
    const errors: string[] = [];
    sub.on("error", (e) => errors.push(e.code));
    const [m] = await take(sub, 1);
    expect(m!.cursor).toBe("2");
    expect(errors).toEqual(["INVALID_DELIVERY"]);
  });

  it("backoff - a refused connection is retried with capped growing delays, up to maxAttempts", async () => {
    // A port that refuses connections: bind, note it, close.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const sub = new Subscription(agent, {
      url: `http://127.0.0.1:${port}`,
      initialDelayMs: 20,
      maxDelayMs: 80,
      maxAttempts: 6,
    });
    const at: number[] = [];
    sub.on("error", (e) => {
      expect(e.code).toBe("CONNECTION_FAILED");
      at.push(Date.now());
    });
    const started = Date.now();
    const failure = await take(sub, 1).catch((e) => e);
    expect(failure).toMatchObject({ code: "CONNECTION_FAILED" });
    expect(at).toHaveLength(6);
    // Five waits, each at most the cap (plus connect time): well under 6 x 80 ms + slack.
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    for (const gap of gaps) expect(gap).toBeLessThan(80 + 150);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("close - ends the iteration and the connection; a closed subscription does not reconnect", async () => {
    const sub = new Subscription(agent, { url: server.url });
    await new Promise<void>((r) => sub.once("connected", () => r()));
    const pending = take(sub, 1);
    await sub.close();
    expect(await pending).toEqual([]);
    await new Promise((r) => setTimeout(r, 200));
    expect(server.auths).toHaveLength(1);
  });
});
