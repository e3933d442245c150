import { describe, expect, it } from "vitest";
import { RecentFigures, type ConfirmedFigures } from "../src/figures/recent-figures.js";
import { HORIZON_MS, SLOT_MS } from "../src/figures/rolling-window.js";

// Time is the subject here: a clock the test moves.
const T0 = 1_800_000_000_000;
function clocked() {
  const clock = { now: T0 };
  return { clock, figures: new RecentFigures(() => clock.now) };
}

const confirmed = (
  at: number,
  ms: number,
  extra: Partial<ConfirmedFigures> = {},
): ConfirmedFigures => ({
  op: "send_direct",
  at,
  publishToConfirmedMs: ms,
  stages: { accepted: ms / 4, confirmed: (3 * ms) / 4 },
  computeUnitsPerMessage: 5_000,
  feeLamportsPerMessage: 1_250,
  lamportsPerMessage: 1_300,
  ...extra,
});

describe("recent figures - rolling windows", () => {
  it("puts each event in the window of its own time, not the time it was read", () => {
    const { clock, figures } = clocked();
    clock.now = T0 + 10 * 60_000;
    figures.confirmed(confirmed(clock.now - 30_000, 100)); // inside 1m
    figures.confirmed(confirmed(clock.now - 4 * 60_000, 200)); // inside 5m only
    figures.confirmed(confirmed(clock.now - 20 * 60_000, 300)); // replayed, outside every window
    expect(figures.window(60_000).confirmed.count).toBe(1);
    expect(figures.window(300_000).confirmed.count).toBe(2);
    expect(figures.window(900_000).confirmed.count).toBe(2);
    expect(figures.totals.confirmed).toBe(3);
  });

  it("forgets a slot once it slides out of the window", () => {
    const { clock, figures } = clocked();
    figures.rejected("RATE_LIMITED", T0);
    expect(figures.window(60_000).rejected.byCode).toEqual({ RATE_LIMITED: 1 });
    clock.now = T0 + 61_000;
    expect(figures.window(60_000).rejected.count).toBe(0);
    expect(figures.window(300_000).rejected.byCode).toEqual({ RATE_LIMITED: 1 });
    clock.now = T0 + HORIZON_MS + SLOT_MS;
    expect(figures.window(900_000).rejected.count).toBe(0);
    expect(figures.totals.rejectedByCode.get("RATE_LIMITED")).toBe(1);
  });

  it("computes rates over the window's length and percentiles over its slots", () => {
    const { figures } = clocked();
    for (let i = 1; i <= 100; i++) figures.confirmed(confirmed(T0 - i * 500, i * 10));
    const w = figures.window(60_000);
    expect(w.confirmed.perSec).toBeCloseTo(100 / 60, 9);
    expect(w.latencyMs.publishToConfirmed.count).toBe(100);
    expect(w.latencyMs.publishToConfirmed.p50!).toBeCloseTo(500, -1);
    expect(w.latencyMs.publishToConfirmed.max).toBe(1000);
    expect(w.latencyMs.stages.accepted.count).toBe(100);
    expect(w.latencyMs.stages.content_stored.count).toBe(0);
    expect(w.latencyMs.stages.content_stored.p50).toBeNull();
    expect(w.cost.lamportsTotal).toBe(130_000);
  });

  it("counts transactions once and records per transaction from their bundle size", () => {
    const { figures } = clocked();
    figures.confirmed(confirmed(T0, 50, { transactionRecords: 3 }));
    figures.confirmed(confirmed(T0, 50));
    figures.confirmed(confirmed(T0, 50));
    figures.confirmed(confirmed(T0, 50, { transactionRecords: 1 }));
    const cost = figures.window(60_000).cost;
    expect(cost.messages).toBe(4);
    expect(cost.transactions).toBe(2);
    expect(cost.recordsPerTransaction.mean).toBe(2);
    expect(cost.recordsPerTransaction.max).toBe(3);
  });

  it("counts an event from a clock slightly ahead as now", () => {
    const { figures } = clocked();
    figures.accepted(T0 + 3_000);
    expect(figures.window(60_000).accepted.count).toBe(1);
  });

  it("gives one chart point per slot over the horizon, null latency where nothing happened", () => {
    const { figures } = clocked();
    figures.confirmed(confirmed(T0, 120));
    figures.failed("SIMULATION_FAILED", T0);
    const s = figures.series();
    expect(s.t).toHaveLength(HORIZON_MS / SLOT_MS);
    expect(s.stepMs).toBe(SLOT_MS);
    expect(s.confirmedPerSec.at(-1)).toBe(1 / (SLOT_MS / 1000));
    expect(s.failedPerSec.at(-1)).toBe(1 / (SLOT_MS / 1000));
    expect(s.publishToConfirmedP50.at(-1)).toBe(120);
    expect(s.publishToConfirmedP50.at(-2)).toBeNull();
    expect(s.t.at(-1)! - s.t.at(-2)!).toBe(SLOT_MS);
  });
});
