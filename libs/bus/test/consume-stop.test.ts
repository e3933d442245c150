import { STREAMS, subjects } from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { describe, expect, it } from "vitest";
import { consume, publish } from "../src/index.js";
import { brokerForTests, gate, waitUntilSettled } from "./helpers.js";

describe("consumer stop", () => {
  const broker = brokerForTests();

  it("consume - stop lets in-flight work finish and hands buffered messages back", async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `stop-${i}`);
    const release = gate();
    const started: string[] = [];
    const released: number[] = [];
    const finishedByFirst: string[] = [];
    const first = await consume(broker.bus, {
      service: "tx-bundler",
      concurrency: 2,
      onEvent: (e) => {
        if (e.type === "released") released.push(e.seq);
      },
      handler: async (d) => {
        started.push(d.msgId!);
        await release.promise;
        finishedByFirst.push(d.msgId!);
      },
    });
    for (const msgId of ids) {
      await publish(broker.bus, subjects.pipeline("ready", "send_direct"), { msgId }, { msgId });
    }
    // two handlers run and the client holds more it has not started (the pull is ahead)
    await waitFor(
      async () => {
        const info = await broker.bus.jsm.consumers.info(STREAMS.pipeline.name, "tx-bundler");
        return started.length === 2 && info.num_ack_pending > 2;
      },
      { what: "two in flight, more buffered" },
    );

    const pre = await broker.bus.jsm.consumers.info(STREAMS.pipeline.name, "tx-bundler");
    const stopping = first.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false); // waits for the in-flight handlers
    release.open();
    await stopping;

    expect(first.inFlight).toBe(0);
    expect(finishedByFirst.sort()).toEqual(started.sort());
    const afterStop = await broker.bus.jsm.consumers.info(STREAMS.pipeline.name, "tx-bundler");
    // in-flight ones acked, buffered ones released: every unfinished message is available
    // again at once, none was handed to the stopped instance's last pull
    // in-flight ones acked; each buffered one released, and nothing was sent to this instance
    // after it began to stop
    expect(released).toHaveLength(pre.num_ack_pending - started.length);
    expect(afterStop.delivered.consumer_seq).toBe(pre.delivered.consumer_seq);
    expect(afterStop.num_waiting).toBe(0);

    const second: string[] = [];
    const releasedSeen: number[] = [];
    const next = await consume(broker.bus, {
      service: "tx-bundler",
      handler: async (d) => {
        second.push(d.msgId!);
        if (released.includes(d.streamSequence)) releasedSeen.push(d.streamSequence);
      },
    });
    await waitFor(() => new Set(second).size === ids.length - 2, {
      what: "the rest on a new consumer",
    });
    await waitUntilSettled(broker.bus, STREAMS.pipeline.name, "tx-bundler");
    await next.stop();

    // nothing lost, and nothing the first instance acked came back; a released message may
    // arrive twice (at-least-once: the server rewinds its delivery pointer on a nak)
    expect(new Set([...finishedByFirst, ...second])).toEqual(new Set(ids));
    expect(second.filter((id) => finishedByFirst.includes(id))).toEqual([]);
    expect(new Set(releasedSeen)).toEqual(new Set(released));
  });

  it("consume - aborting the signal stops the consumer", async () => {
    const controller = new AbortController();
    const consumer = await consume(broker.bus, {
      service: "metrics",
      signal: controller.signal,
      handler: async () => undefined,
    });
    expect(consumer.bound).toBe(true);
    controller.abort();
    await consumer.stopped;
    expect(consumer.bound).toBe(false);
  });

  it("consume - binding to a durable that does not exist fails with BUS_CONSUMER_NOT_FOUND", async () => {
    await expect(
      consume(broker.bus, {
        stream: STREAMS.events.name,
        durable: "nobody",
        handler: async () => {},
      }),
    ).rejects.toMatchObject({ code: "BUS_CONSUMER_NOT_FOUND", durable: "nobody" });
  });

  it("consume - a bound at or above the server's max_deliver is refused", async () => {
    await expect(
      consume(broker.bus, { service: "metrics", maxDeliver: 99, handler: async () => {} }),
    ).rejects.toMatchObject({ code: "BUS_INVALID_ARGUMENT", field: "maxDeliver" });
  });
});
