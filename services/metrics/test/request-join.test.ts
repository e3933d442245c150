import { describe, expect, it } from "vitest";
import { RequestJoin, SeenTransactions, requestKeyFromMsgId } from "../src/request-join.js";

describe("request join", () => {
  it("hands back a request's steps once, then forgets it", () => {
    const join = new RequestJoin({ capacity: 10, ttlMs: 60_000 });
    join.accepted("k1", 100);
    join.stored("k1", 150);
    expect(join.take("k1")).toEqual({ acceptedAt: 100, storedAt: 150 });
    expect(join.take("k1")).toBeUndefined();
    expect(join.size).toBe(0);
  });

  it("holds at most its capacity and counts what it dropped for room", () => {
    const join = new RequestJoin({ capacity: 100, ttlMs: 60_000 });
    for (let i = 0; i < 250; i++) join.accepted(`k${i}`, i);
    expect(join.size).toBe(100);
    expect(join.evicted).toBe(150);
    // The oldest went first.
    expect(join.take("k0")).toBeUndefined();
    expect(join.take("k249")).toEqual({ acceptedAt: 249 });
  });

  it("forgets requests older than its ttl", async () => {
    const join = new RequestJoin({ capacity: 100, ttlMs: 1_000 });
    join.accepted("old", 1);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(join.take("old")).toBeUndefined();
  });
});

describe("seen transactions", () => {
  it("says first only once per signature", () => {
    const seen = new SeenTransactions(10);
    expect(seen.first("sig")).toBe(true);
    expect(seen.first("sig")).toBe(false);
    expect(seen.first("other")).toBe(true);
  });
});

describe("request key from a message id", () => {
  it("reads the key after its prefix and nothing else", () => {
    expect(requestKeyFromMsgId("stored:abc", "stored")).toBe("abc");
    expect(requestKeyFromMsgId("ready:abc", "stored")).toBeUndefined();
    expect(requestKeyFromMsgId("stored:", "stored")).toBeUndefined();
    expect(requestKeyFromMsgId(undefined, "stored")).toBeUndefined();
  });
});
