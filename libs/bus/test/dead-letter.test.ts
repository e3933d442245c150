import { parsePayload, STREAMS, subjects } from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  consume,
  HEADERS,
  PermanentError,
  publish,
  type Consumer,
  type ConsumerEvent,
  type DeadLetterRecord,
} from "../src/index.js";
import {
  dlqMessages,
  startBroker,
  streamMessages,
  waitUntilSettled,
  type TestBroker,
} from "./helpers.js";

describe("dead letters", () => {
  let broker: TestBroker;
  let consumer: Consumer | undefined;

  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(async () => {
    await consumer?.stop();
    await broker?.close();
  });

  async function dlqRecordFor(msgId: string) {
    const m = await waitFor(
      async () =>
        (await dlqMessages(broker.bus)).find((x) => x.header.get(HEADERS.dlqMsgId) === msgId),
      { what: `dead letter of ${msgId}` },
    );
    return { headers: m.header, record: m.json<DeadLetterRecord>(), subject: m.subject };
  }

  it("dead letter - a message failing every attempt is parked after the bound", async () => {
    const attempts: number[] = [];
    const events: ConsumerEvent[] = [];
    consumer = await consume(broker.bus, {
      service: "ipfs-storage",
      maxDeliver: 3,
      backoffMs: [20, 40],
      onEvent: (e) => events.push(e),
      handler: async (d) => {
        attempts.push(d.deliveryCount);
        throw new Error("ipfs node unreachable");
      },
    });
    const subject = subjects.pipeline("store", "post_channel");

    await publish(
      broker.bus,
      subject,
      { big: "content" },
      {
        msgId: "dlq-bound-1",
        headers: { "Pod-Agent": "agent-7" },
      },
    );

    const { headers, record, subject: dlqSubject } = await dlqRecordFor("dlq-bound-1");
    await waitUntilSettled(broker.bus, STREAMS.pipeline.name, "ipfs-storage");
    await consumer.stop();
    consumer = undefined;

    expect(attempts).toEqual([1, 2, 3]);
    expect(dlqSubject).toBe(subjects.dlq("ipfs-storage"));
    expect(record).toMatchObject({
      service: "ipfs-storage",
      subject,
      reason: "ipfs node unreachable",
      code: "BUS_HANDLER_FAILED",
      deliveries: 3,
      msgId: "dlq-bound-1",
    });
    expect(JSON.parse(Buffer.from(record.data, "base64").toString())).toEqual({ big: "content" });
    expect(record.at).toBeGreaterThan(0);
    // The body is the protocol's dead letter, as operators' tools read it.
    expect(() => parsePayload("dlq", record)).not.toThrow();
    expect(headers.get("Pod-Agent")).toBe("agent-7");
    expect(headers.get(HEADERS.dlqReason)).toBe("ipfs node unreachable");
    expect(headers.get(HEADERS.dlqCode)).toBe("BUS_HANDLER_FAILED");
    expect(headers.get(HEADERS.dlqDeliveries)).toBe("3");
    expect(headers.get("traceparent")).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    // the original is gone from the work queue: terminated, not pending
    expect(await streamMessages(broker.bus, STREAMS.pipeline.name)).toBe(0);
    expect(events.filter((e) => e.type === "retry_scheduled").map((e) => e.type)).toHaveLength(2);
    expect(events.some((e) => e.type === "dead_lettered")).toBe(true);
  });

  it("dead letter - a PermanentError parks the message at its first delivery", async () => {
    const attempts: number[] = [];
    consumer = await consume(broker.bus, {
      service: "tx-bundler",
      handler: async (d) => {
        attempts.push(d.deliveryCount);
        throw new PermanentError("record exceeds the account size", { code: "POD_TOO_LARGE" });
      },
    });

    await publish(
      broker.bus,
      subjects.pipeline("ready", "send_direct"),
      { r: 1 },
      {
        msgId: "dlq-permanent-1",
      },
    );

    const { record, headers } = await dlqRecordFor("dlq-permanent-1");
    await waitUntilSettled(broker.bus, STREAMS.pipeline.name, "tx-bundler");
    await consumer.stop();
    consumer = undefined;
    expect(attempts).toEqual([1]);
    expect(record).toMatchObject({ code: "POD_TOO_LARGE", deliveries: 1, service: "tx-bundler" });
    expect(headers.get(HEADERS.dlqCode)).toBe("POD_TOO_LARGE");
  });

  it("dead letter - a body that is not JSON is parked at once with BUS_DECODE_FAILED", async () => {
    const attempts: number[] = [];
    consumer = await consume(broker.bus, {
      service: "ingest",
      handler: async (d) => {
        attempts.push(d.deliveryCount);
        d.json();
      },
    });

    await publish(broker.bus, subjects.ingest("send_direct"), new TextEncoder().encode("{nope"), {
      msgId: "dlq-decode-1",
    });

    const { record } = await dlqRecordFor("dlq-decode-1");
    await waitUntilSettled(broker.bus, STREAMS.requests.name, "ingest");
    await consumer.stop();
    consumer = undefined;
    expect(attempts).toEqual([1]);
    expect(record).toMatchObject({ code: "BUS_DECODE_FAILED", deliveries: 1 });
    expect(Buffer.from(record.data, "base64").toString()).toBe("{nope");
  });
});
