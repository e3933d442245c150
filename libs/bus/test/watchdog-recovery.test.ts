import { STREAMS, subjects } from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { describe, expect, it } from "vitest";
import { consume, ensureTopology, publish, type ConsumerEvent } from "../src/index.js";
import { brokerForTests, TEST_ACK_WAIT_MS } from "./helpers.js";

describe("stall recovery", () => {
  const broker = brokerForTests();

  it("consume - a pull lost on the server is restarted and pending messages flow again", async () => {
    const events: ConsumerEvent[] = [];
    const handled: string[] = [];
    const consumer = await consume(broker.bus, {
      service: "metrics",
      watchdog: { intervalMs: 200, stallMs: 1_000 },
      onEvent: (e) => events.push(e),
      handler: async (d) => {
        handled.push(d.msgId!);
      },
    });
    await publish(broker.bus, subjects.event("record", "confirmed"), { n: 0 }, { msgId: "w-0" });
    await waitFor(() => handled.includes("w-0"), { what: "first message" });

    // The durable is deleted and recreated under the running pull: the server forgets the
    // waiting pull request, the client is not told.
    await broker.bus.jsm.consumers.delete(STREAMS.events.name, "metrics");
    await ensureTopology(broker.bus.jsm, { consumers: { ackWaitMs: TEST_ACK_WAIT_MS } });
    await publish(broker.bus, subjects.event("record", "confirmed"), { n: 1 }, { msgId: "w-1" });

    await waitFor(() => handled.includes("w-1"), { timeoutMs: 20_000, what: "message after" });
    await consumer.stop();
    // without the watchdog this pull stays silent until its request expires (30 s)
    expect(events).toContainEqual({ type: "consume_restarted", reason: "stalled_with_pending" });
    expect(
      events.some((e) => e.type === "notification" && e.notification.type === "consumer_deleted"),
    ).toBe(true);
  });
});
