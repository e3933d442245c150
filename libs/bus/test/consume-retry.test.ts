import { STREAMS, subjects } from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consume, publish, type Delivery } from "../src/index.js";
import { startBroker, streamMessages, waitUntilSettled, type TestBroker } from "./helpers.js";

describe("consume retries", () => {
  let broker: TestBroker;

  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(() => broker?.close());

  it("consume - a handler that throws once gets the message again, then acks it", async () => {
    const seen: { msgId?: string; deliveryCount: number; redelivered: boolean }[] = [];
    const consumer = await consume(broker.bus, {
      service: "compression",
      backoffMs: [50],
      handler: async (d: Delivery) => {
        seen.push({ msgId: d.msgId, deliveryCount: d.deliveryCount, redelivered: d.redelivered });
        if (d.deliveryCount === 1) throw new Error("crash on first try");
      },
    });
    expect(consumer.bound).toBe(true);

    await publish(
      broker.bus,
      subjects.pipeline("accepted", "send_direct"),
      { n: 1 },
      {
        msgId: "retry-1",
      },
    );

    await waitFor(() => seen.length >= 2, { what: "second delivery" });
    await waitUntilSettled(broker.bus, STREAMS.pipeline.name, "compression");
    await consumer.stop();
    expect(seen).toEqual([
      { msgId: "retry-1", deliveryCount: 1, redelivered: false },
      { msgId: "retry-1", deliveryCount: 2, redelivered: true },
    ]);
    expect(await streamMessages(broker.bus, STREAMS.pipeline.name)).toBe(0);
  });
});
