import { STREAMS, subjects } from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { describe, expect, it } from "vitest";
import { consume, publish, type ConsumerEvent } from "../src/index.js";
import { brokerForTests, streamMessages, waitUntilSettled } from "./helpers.js";

describe("ack after outputs", () => {
  const broker = brokerForTests();

  it("consume - an input is not acked while one of its outputs failed to publish", async () => {
    const deliveries: number[] = [];
    const events: ConsumerEvent[] = [];
    const readySubject = subjects.pipeline("ready", "send_direct");
    const consumer = await consume(broker.bus, {
      service: "compression",
      backoffMs: [50],
      onEvent: (e) => events.push(e),
      handler: async (d) => {
        deliveries.push(d.deliveryCount);
        // First attempt: one output lands, the other targets a subject no stream stores.
        const good = d.publish(readySubject, { rec: 1 }, { msgId: "out-ready-1" });
        if (d.deliveryCount === 1) {
          void d.publish("nowhere.output", { rec: 1 }, { msgId: "out-lost-1" });
        }
        await good;
      },
    });

    await publish(
      broker.bus,
      subjects.pipeline("accepted", "send_direct"),
      { n: 1 },
      {
        msgId: "in-1",
      },
    );

    await waitFor(() => deliveries.length >= 2, { what: "redelivery of the input" });
    await waitFor(() => events.some((e) => e.type === "handled"), { what: "final ack" });
    await consumer.stop();

    expect(deliveries).toEqual([1, 2]);
    const retry = events.find((e) => e.type === "retry_scheduled");
    expect(retry).toMatchObject({ code: "BUS_OUTPUT_NOT_DURABLE", deliveryCount: 1 });
    // the input is gone (acked) and its output is stored once, deduplicated by its id
    const compression = await broker.bus.jsm.consumers.info(STREAMS.pipeline.name, "compression");
    expect(compression.num_ack_pending + compression.num_pending).toBe(0);
    const bundler = await broker.bus.jsm.consumers.info(STREAMS.pipeline.name, "tx-bundler");
    expect(bundler.num_pending).toBe(1);
    expect(await streamMessages(broker.bus, STREAMS.pipeline.name)).toBe(1);
  });

  it("consume - the ack waits for outputs the handler did not await", async () => {
    const order: string[] = [];
    const consumer = await consume(broker.bus, {
      service: "ipfs-storage",
      handler: async (d) => {
        void d
          .publish(subjects.event("content", "stored"), { cid: "x" }, { msgId: "stored-1" })
          .then(() => order.push("output durable"));
        order.push("handler returned");
      },
      onEvent: (e) => {
        if (e.type === "handled") order.push("input acked");
      },
    });

    await publish(
      broker.bus,
      subjects.pipeline("store", "post_channel"),
      { n: 1 },
      {
        msgId: "in-2",
      },
    );
    await waitFor(() => order.includes("input acked"), { what: "ack" });
    await waitUntilSettled(broker.bus, STREAMS.pipeline.name, "ipfs-storage");
    await consumer.stop();

    expect(order).toEqual(["handler returned", "output durable", "input acked"]);
  });
});
