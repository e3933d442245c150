// The watchdog's decision, with a consumer whose info() the test controls: a real stall
// cannot be produced on demand, so this checks the rule, not the server.
import type { Consumer as JsConsumer, ConsumerInfo } from "@nats-io/jetstream";
import { waitFor } from "@pod/testing";
import { describe, expect, it } from "vitest";
import { startWatchdog } from "../src/watchdog.js";

function fakeConsumer(state: { pending: number; ackPending: number; maxAckPending: number }) {
  return {
    info: async () =>
      ({
        num_pending: state.pending,
        num_ack_pending: state.ackPending,
        config: { max_ack_pending: state.maxAckPending },
      }) as unknown as ConsumerInfo,
  } as unknown as JsConsumer;
}

describe("watchdog", () => {
  it("watchdog - restarts a quiet pull while the server holds pending messages", async () => {
    const restarts: string[] = [];
    const dog = startWatchdog({
      consumer: fakeConsumer({ pending: 5, ackPending: 0, maxAckPending: 100 }),
      intervalMs: 5,
      stallMs: 10,
      lastArrival: () => Date.now() - 1_000,
      saturated: () => false,
      restart: (reason) => restarts.push(reason),
      onError: () => undefined,
    });
    await waitFor(() => restarts.length > 0);
    dog.stop();
    expect(restarts[0]).toBe("stalled_with_pending");
  });

  it("watchdog - leaves alone a quiet pull with nothing pending, a busy one, or one held back", async () => {
    const restarts: string[] = [];
    const checks: number[] = [];
    const cases = [
      { state: { pending: 0, ackPending: 0, maxAckPending: 100 }, saturated: false },
      { state: { pending: 5, ackPending: 0, maxAckPending: 100 }, saturated: true },
      { state: { pending: 5, ackPending: 100, maxAckPending: 100 }, saturated: false },
    ];
    const dogs = cases.map(({ state, saturated }, i) => {
      const consumer = fakeConsumer(state);
      const info = consumer.info.bind(consumer);
      consumer.info = async () => {
        checks[i] = (checks[i] ?? 0) + 1;
        return info();
      };
      return startWatchdog({
        consumer,
        intervalMs: 5,
        stallMs: 10,
        lastArrival: () => Date.now() - 1_000,
        saturated: () => saturated,
        restart: (reason) => restarts.push(reason),
        onError: () => undefined,
      });
    });
    await waitFor(() => (checks[0] ?? 0) >= 3 && (checks[2] ?? 0) >= 3);
    dogs.forEach((d) => d.stop());
    expect(restarts).toEqual([]);
    expect(checks[1]).toBeUndefined(); // a saturated consumer is not even asked
  });
});
