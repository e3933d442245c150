import { STREAMS, subjects } from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { describe, expect, it } from "vitest";
import { consume, publish, type Delivery } from "../src/index.js";
import { brokerForTests, streamMessages, TEST_ACK_WAIT_MS, waitUntilSettled } from "./helpers.js";

describe("consume retries", () => {
  const broker = brokerForTests();

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

  it("consume - a handler running past ack_wait keeps its message and is not redelivered", async () => {
    const seen: number[] = [];
    const consumer = await consume(broker.bus, {
      service: "tx-bundler",
      handler: async (d) => {
        seen.push(d.deliveryCount);
        // waiting for a chain confirmation, say: longer than the server's ack window
        await new Promise((resolve) => setTimeout(resolve, TEST_ACK_WAIT_MS * 2.5));
      },
    });

    await publish(
      broker.bus,
      subjects.pipeline("ready", "send_direct"),
      { n: 1 },
      {
        msgId: "slow-1",
      },
    );
    await waitFor(() => seen.length === 1, { what: "first delivery" });
    await waitUntilSettled(broker.bus, STREAMS.pipeline.name, "tx-bundler");
    await consumer.stop();

    expect(seen).toEqual([1]);
  });

  it("consume - handlers run concurrently up to the bound and never beyond it", async () => {
    let running = 0;
    let peak = 0;
    const done = new Set<string>();
    const consumer = await consume(broker.bus, {
      service: "metrics",
      concurrency: 3,
      handler: async (d) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 30));
        running--;
        done.add(d.msgId!);
      },
    });
    for (let i = 0; i < 12; i++) {
      await publish(broker.bus, subjects.event("request", "accepted"), { i }, { msgId: `c-${i}` });
    }
    await waitFor(() => done.size === 12, { what: "all handled" });
    await consumer.stop();

    expect(peak).toBe(3);
  });
});
