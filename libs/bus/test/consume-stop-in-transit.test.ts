import { STREAMS, subjects } from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { describe, expect, it } from "vitest";
import { consume, publish, type Consumer } from "../src/index.js";
import { brokerForTests } from "./helpers.js";

const N = 1_500;
const STOPS = 3;
const HANDLED_PER_STOP = 150;
// The production ack_wait: a message stranded by a stop would only come back after it.
const ACK_WAIT_MS = 30_000;
// Far below ack_wait: only a message released at stop can arrive this soon.
const CATCH_UP_MS = 6_000;

describe("stop mid-stream", () => {
  const broker = brokerForTests({ consumers: { ackWaitMs: ACK_WAIT_MS } });

  it("consume - stop mid-stream strands nothing: the next instance gets every unacked message at once", async () => {
    const ids = Array.from({ length: N }, (_, i) => `transit-${i}`);
    for (let i = 0; i < N; i += 100) {
      await Promise.all(
        ids
          .slice(i, i + 100)
          .map((msgId) =>
            publish(broker.bus, subjects.pipeline("accepted", "send_direct"), { msgId }, { msgId }),
          ),
      );
    }

    // Each instance is stopped while it pulls at full speed, so pulls are open and messages
    // for them are on the wire when stop() is called.
    const ackedBy: string[][] = [];
    for (let round = 0; round < STOPS; round++) {
      const acked: string[] = [];
      ackedBy.push(acked);
      let stopping: Promise<void> | undefined;
      const instance: Consumer = await consume(broker.bus, {
        service: "compression",
        concurrency: 16,
        onEvent: (e) => {
          if (e.type !== "handled") return;
          acked.push(e.msgId!);
          if (acked.length >= HANDLED_PER_STOP) stopping ??= instance.stop();
        },
        handler: async () => undefined,
      });
      await waitFor(() => stopping !== undefined, {
        what: `instance ${round} stopping mid-stream`,
      });
      await stopping;
      expect(instance.inFlight).toBe(0);
    }
    const info = await broker.bus.jsm.consumers.info(STREAMS.pipeline.name, "compression");
    expect(info.num_pending, "the stops must land mid-stream").toBeGreaterThan(0);

    const last: string[] = [];
    const next = await consume(broker.bus, {
      service: "compression",
      onEvent: (e) => {
        if (e.type === "handled") last.push(e.msgId!);
      },
      handler: async () => undefined,
    });
    const all = () => new Set([...ackedBy.flat(), ...last]);
    await waitFor(() => all().size === N, {
      timeoutMs: CATCH_UP_MS,
      what: "every message acked, none left waiting for ack_wait",
    });
    await waitFor(
      async () => {
        const i = await broker.bus.jsm.consumers.info(STREAMS.pipeline.name, "compression");
        return i.num_pending === 0 && i.num_ack_pending === 0;
      },
      { timeoutMs: CATCH_UP_MS, what: "nothing pending or unacked" },
    );
    await next.stop();

    expect(all()).toEqual(new Set(ids));
    // An acked message never comes back; only released ones can arrive twice.
    const earlier = ackedBy.flat();
    expect(new Set(earlier).size).toBe(earlier.length);
    expect(last.filter((id) => earlier.includes(id))).toEqual([]);
  });
});
