import { describe, expect, it } from "vitest";
import { runOpenLoop, type ScheduledSend } from "../src/schedule/open-loop.js";

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

describe("open-loop scheduler - offered rate", () => {
  it("offers 2,000 sends/s for 1 s: the count, the rate and the intended times follow it", async () => {
    const slots: ScheduledSend[] = [];
    const started: number[] = [];

    const result = await runOpenLoop({
      rate: 2000,
      durationMs: 1000,
      maxOutstanding: 1000,
      send: async (slot) => {
        slots.push(slot);
        started.push(performance.now());
      },
    });

    expect(result.sent).toBe(2000);
    expect(result.errors).toBe(0);
    expect(result.offeredPerSec).toBeGreaterThan(1900);
    expect(result.offeredPerSec).toBeLessThan(2100);
    // Intended times are exactly 0.5 ms apart, whatever the timer did.
    const first = slots[0]?.intendedAt as number;
    slots.forEach((s, i) => expect(s.intendedAt - first).toBeCloseTo(i * 0.5, 6));
    // No send starts before it is due, and a quiet machine starts them within a few ms.
    started.forEach((t, i) => expect(t).toBeGreaterThanOrEqual(slots[i]!.intendedAt));
    expect(result.startLag.p50Ms).toBeLessThan(50);
  });

  it("a slow system with a small outstanding bound is offered the same schedule and shows up as lag", async () => {
    const slots: ScheduledSend[] = [];
    // Each send holds its slot 50 ms; 5 outstanding allow only 100/s, the schedule wants 400/s.
    const result = await runOpenLoop({
      rate: 400,
      count: 100,
      maxOutstanding: 5,
      send: async (slot) => {
        slots.push(slot);
        await sleep(50);
      },
    });

    expect(result.sent).toBe(100);
    expect(result.throttled).toBeGreaterThan(0);
    // The intended schedule still spans 99 intervals of 2.5 ms ...
    expect((slots[99]!.intendedAt - slots[0]!.intendedAt) / 99).toBeCloseTo(2.5, 6);
    // ... while the sends could only start ~1 s late at the end: the lag is measured.
    expect(result.startLag.maxMs).toBeGreaterThan(600);
    expect(result.elapsedMs).toBeGreaterThan(900);
  });

  it("stops at count before duration, and at duration before count", async () => {
    const byCount = await runOpenLoop({
      rate: 1000,
      count: 50,
      durationMs: 10_000,
      maxOutstanding: 10,
      send: async () => {},
    });
    const byDuration = await runOpenLoop({
      rate: 1000,
      count: 1_000_000,
      durationMs: 200,
      maxOutstanding: 10,
      send: async () => {},
    });

    expect(byCount.sent).toBe(50);
    expect(byDuration.sent).toBe(200);
    expect(byDuration.elapsedMs).toBeLessThan(1000);
  });

  it("a send that rejects is counted as an error and does not stop the schedule", async () => {
    const result = await runOpenLoop({
      rate: 1000,
      count: 20,
      maxOutstanding: 4,
      send: async ({ index }) => {
        if (index % 2 === 0) throw new Error("boom");
      },
    });

    expect(result.sent).toBe(20);
    expect(result.errors).toBe(10);
  });
});
