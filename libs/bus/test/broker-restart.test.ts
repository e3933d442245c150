import { STREAMS, subjects } from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { describe, expect, it } from "vitest";
import { consume, publish, type BusStatus, type ConsumerEvent } from "../src/index.js";
import { brokerForTests, gate, waitUntilSettled } from "./helpers.js";

describe("broker restart", () => {
  const broker = brokerForTests();

  it("consume - after a broker restart the consumer resumes and delivers what is pending", async () => {
    const statuses: BusStatus["type"][] = [];
    broker.bus.events.on("status", (s) => statuses.push(s.type));
    const events: ConsumerEvent[] = [];
    const hold = gate();
    const handled = new Set<string>();
    const consumer = await consume(broker.bus, {
      service: "compression",
      concurrency: 1,
      backoffMs: [50],
      watchdog: { intervalMs: 500, stallMs: 2_000 },
      onEvent: (e) => events.push(e),
      handler: async (d) => {
        await hold.promise;
        handled.add(d.msgId!);
      },
    });
    const subject = subjects.pipeline("accepted", "join_channel");
    const before = ["r-0", "r-1", "r-2", "r-3"];
    for (const msgId of before) await publish(broker.bus, subject, { msgId }, { msgId });

    await broker.nats.restart();
    hold.open();

    // publishing works again once the client has reconnected
    const after = ["r-4", "r-5", "r-6"];
    for (const msgId of after) {
      await waitFor(() => publish(broker.bus, subject, { msgId }, { msgId }).then(() => true), {
        timeoutMs: 20_000,
        what: `publish ${msgId} after restart`,
      });
    }

    await waitFor(() => handled.size === before.length + after.length, {
      timeoutMs: 30_000,
      what: "every message handled",
    });
    await waitUntilSettled(broker.bus, STREAMS.pipeline.name, "compression");
    await consumer.stop();

    expect([...handled].sort()).toEqual([...before, ...after].sort());
    expect(statuses).toContain("disconnect");
    expect(statuses).toContain("reconnect");
  });

  it("publish - while the broker is down fails with BUS_PUBLISH_FAILED, and works after", async () => {
    const subject = subjects.event("request", "rejected");
    await broker.nats.kill();

    await expect(
      publish(broker.bus, subject, { x: 1 }, { msgId: "down-1", timeoutMs: 500 }),
    ).rejects.toMatchObject({ code: "BUS_PUBLISH_FAILED", msgId: "down-1" });

    await broker.nats.restart();
    const ack = await waitFor(
      () => publish(broker.bus, subject, { x: 1 }, { msgId: "down-1", timeoutMs: 1_000 }),
      { timeoutMs: 20_000, what: "publish after restart" },
    );
    expect(ack.stream).toBe(STREAMS.events.name);
  });
});
