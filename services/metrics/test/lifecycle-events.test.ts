import type { Delivery } from "@pod/bus";
import { createLogger } from "@pod/runtime";
import { generateKeypair, PROTOCOL_VERSION, requestKey, subjects, utf8Bytes } from "@pod/protocol";
import { describe, expect, it } from "vitest";
import { RecentFigures } from "../src/figures/recent-figures.js";
import { LabelCap, type Instruments } from "../src/instruments.js";
import { lifecycleRecorder } from "../src/lifecycle-events.js";
import { RequestJoin, SeenTransactions } from "../src/request-join.js";

/** Every instrument call, in order: what the recorder asked Prometheus to observe. */
function recordingInstruments(calls: [string, ...unknown[]][]): Instruments {
  return new Proxy({} as Instruments, {
    get:
      (_t, name: string) =>
      (...args: unknown[]) =>
        void calls.push([name, ...args]),
  });
}

const agent = generateKeypair().address;
const requestId = "0190a0a0-0000-7000-8000-000000000001";
const key = requestKey(agent, requestId);
const T = Date.now() - 10_000;

function delivery(subject: string, body: unknown, msgId?: string): Delivery {
  const data = typeof body === "string" ? utf8Bytes(body) : utf8Bytes(JSON.stringify(body));
  return { subject, data, msgId, streamSequence: 1 } as unknown as Delivery;
}

function confirmed(overrides: Record<string, unknown> = {}) {
  return {
    v: PROTOCOL_VERSION,
    requestId,
    agent,
    requestKey: key,
    op: "send_direct",
    storage: "compressed",
    signature: "sig1",
    computeUnits: 40_000,
    feeLamports: 10_000,
    lamportsPerMessage: 2_100,
    bundleSize: 4,
    at: T + 900,
    record: { createdAt: T },
    ...overrides,
  };
}

function setup() {
  const calls: [string, ...unknown[]][] = [];
  const figures = new RecentFigures();
  const record = lifecycleRecorder({
    instruments: recordingInstruments(calls),
    figures,
    join: new RequestJoin({ capacity: 100, ttlMs: 60_000 }),
    transactions: new SeenTransactions(100),
    failureCodes: new LabelCap(2),
    log: createLogger({ service: "metrics-test", instanceId: "t", level: "silent" }),
  });
  const named = (name: string) => calls.filter((c) => c[0] === name).map((c) => c.slice(1));
  return { calls, figures, record, named };
}

describe("lifecycle recorder", () => {
  it("joins accepted (by computed key when no msg id) and stored into the stages of a confirmation", () => {
    const { record, named } = setup();
    record(
      delivery(subjects.event("request", "accepted"), {
        v: 1,
        requestId,
        op: "send_direct",
        agent,
        at: T + 100,
      }),
    );
    record(
      delivery(
        subjects.event("content", "stored"),
        { v: 1, requestId, cid: "x", bytes: 1, at: T + 300 },
        `stored:${key}`,
      ),
    );
    record(delivery(subjects.event("record", "confirmed"), confirmed()));
    expect(named("publishToConfirmed")).toEqual([["send_direct", 0.9]]);
    expect(named("stage")).toEqual([
      ["accepted", "send_direct", 0.1],
      ["content_stored", "send_direct", 0.2],
      ["confirmed", "send_direct", 0.6],
    ]);
    expect(named("messageCost")).toEqual([
      ["send_direct", "compressed", { computeUnits: 10_000, feeLamports: 2_500, lamports: 2_100 }],
    ]);
    expect(named("transaction")).toEqual([[40_000, 10_000, 4]]);
  });

  it("measures a transaction once however many of its records arrive", () => {
    const { record, named } = setup();
    record(delivery(subjects.event("record", "confirmed"), confirmed()));
    record(delivery(subjects.event("record", "confirmed"), confirmed({ requestKey: "other" })));
    expect(named("messageCost")).toHaveLength(2);
    expect(named("transaction")).toHaveLength(1);
    // Nothing joined: publish-to-confirmed only.
    expect(named("stage")).toHaveLength(0);
  });

  it("labels rejections by code and op, failures by capped code", () => {
    const { record, named, figures } = setup();
    record(
      delivery(subjects.event("request", "rejected"), {
        v: 1,
        code: "MALFORMED_JSON",
        reason: "x",
        at: T,
      }),
    );
    for (const code of ["A_CODE", "B_CODE", "C_CODE"]) {
      record(
        delivery(subjects.event("record", "failed"), {
          v: 1,
          requestId,
          op: "send_direct",
          agent,
          requestKey: key,
          code,
          reason: "x",
          at: T,
        }),
      );
    }
    expect(named("rejected")).toEqual([["unknown", "MALFORMED_JSON"]]);
    expect(named("failed").map((c) => c[1])).toEqual(["A_CODE", "B_CODE", "OTHER"]);
    expect(Object.fromEntries(figures.totals.failedByCode)).toEqual({
      A_CODE: 1,
      B_CODE: 1,
      OTHER: 1,
    });
  });

  it("times deliveries from their confirmedAt", () => {
    const { record, named } = setup();
    record(
      delivery(subjects.event("message", "delivered"), {
        v: 1,
        requestId,
        requestKey: key,
        op: "send_direct",
        agent,
        transport: "sse",
        confirmedAt: T,
        at: T + 40,
      }),
    );
    expect(named("confirmedToDelivered")).toEqual([["send_direct", "sse", 0.04]]);
    expect(named("delivered")).toEqual([["send_direct", "sse"]]);
  });

  it("counts events that are not JSON or lack a measured field, and measures nothing of them", () => {
    const { record, named, figures } = setup();
    record(delivery(subjects.event("record", "confirmed"), "{not json"));
    record(delivery(subjects.event("record", "confirmed"), confirmed({ bundleSize: 0 })));
    record(delivery(subjects.event("request", "rejected"), { v: 1, code: "NOT_A_CODE", at: T }));
    record(delivery("pod.events.other.thing", { v: 1 }));
    expect(named("invalidEvent")).toEqual([
      ["pod.events.record.confirmed"],
      ["pod.events.record.confirmed"],
      ["pod.events.request.rejected"],
    ]);
    expect(named("confirmed")).toHaveLength(0);
    expect(figures.totals.confirmed).toBe(0);
    expect(figures.totals.events).toBe(4);
  });
});
