import type { DeliveredMessage } from "@pod/protocol";
import { describe, expect, it } from "vitest";
import { collectMessages, type MessageSource } from "../src/inbox.js";

/** A source that yields `m` after each delay (ms from the previous one), then stays open. */
function source(plan: Array<[delay: number, cursor: string]>, fail?: Error) {
  let closed = false;
  const s: MessageSource & { closed(): boolean } = {
    closed: () => closed,
    close: () => {
      closed = true;
    },
    async *[Symbol.asyncIterator]() {
      for (const [delay, cursor] of plan) {
        await new Promise((r) => setTimeout(r, delay));
        yield { cursor } as unknown as DeliveredMessage;
      }
      if (fail) throw fail;
      await new Promise(() => undefined);
    },
  };
  return s;
}

const opts = { waitMs: 2_000, max: 10, quietMs: 100, settleMs: 50 };
const cursors = (ms: DeliveredMessage[]) => ms.map((m) => m.cursor);

describe("collectMessages", () => {
  it("inbox - returns a burst once it goes quiet, without sitting out the whole wait", async () => {
    const s = source([
      [10, "1"],
      [5, "2"],
      [5, "3"],
      [1_000, "4"],
    ]);
    const started = Date.now();
    expect(cursors(await collectMessages(s, opts))).toEqual(["1", "2", "3"]);
    expect(Date.now() - started).toBeLessThan(600);
    expect(s.closed()).toBe(true);
  });

  it("inbox - waits up to waitMs for a first message, and returns empty after it", async () => {
    const late = source([[300, "9"]]);
    expect(cursors(await collectMessages(late, opts))).toEqual(["9"]);
    const never = source([]);
    const started = Date.now();
    expect(await collectMessages(never, { ...opts, waitMs: 200 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("inbox - stops at max", async () => {
    const s = source([
      [1, "1"],
      [1, "2"],
      [1, "3"],
    ]);
    expect(cursors(await collectMessages(s, { ...opts, max: 2 }))).toEqual(["1", "2"]);
  });

  it("inbox - an error before any message is thrown; after messages it ends the read", async () => {
    const failure = Object.assign(new Error("cursor beyond the stream"), {
      code: "CURSOR_INVALID",
    });
    await expect(collectMessages(source([], failure), opts)).rejects.toMatchObject({
      code: "CURSOR_INVALID",
    });
    expect(cursors(await collectMessages(source([[1, "1"]], failure), opts))).toEqual(["1"]);
  });
});

describe("collectMessages after connecting", () => {
  it("inbox - the wait starts once connected; no connection in time is SUBSCRIPTION_UNAVAILABLE", async () => {
    let connect!: () => void;
    const connected = new Promise<void>((r) => (connect = r));
    setTimeout(connect, 200);
    const started = Date.now();
    const got = await collectMessages(source([[300, "1"]]), { ...opts, connected });
    expect(cursors(got)).toEqual(["1"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    const never = new Promise<void>(() => undefined);
    await expect(
      collectMessages(source([]), { ...opts, connected: never, connectTimeoutMs: 100 }),
    ).rejects.toMatchObject({ code: "SUBSCRIPTION_UNAVAILABLE" });
  });

  it("inbox - a subscription that fails before connecting throws its own error", async () => {
    const failure = Object.assign(new Error("bad signature"), { code: "AUTH_FAILED" });
    const connected = new Promise<void>(() => undefined);
    await expect(
      collectMessages(source([], failure), { ...opts, connected, connectTimeoutMs: 2_000 }),
    ).rejects.toMatchObject({ code: "AUTH_FAILED" });
  });
});
