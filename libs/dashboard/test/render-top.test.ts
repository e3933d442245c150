import { describe, expect, it } from "vitest";
import { formatMs, formatRate, renderTop, summarySchema } from "../src/index.js";
import { sampleSummary } from "./fixture.js";

// eslint-disable-next-line no-control-regex -- ANSI escapes start with ESC
const ANSI = /\x1b\[[0-9;]*m/;

describe("renderTop", () => {
  const summary = summarySchema.parse(sampleSummary());

  it("shows throughput per window and totals", () => {
    const text = renderTop(summary, { width: 120 });
    expect(text).toMatch(
      new RegExp(
        `confirmed\\s+${formatRate(40 / 60)}\\s+${formatRate(120 / 300)}\\s+${formatRate(400 / 900)}\\s+400`,
      ),
    );
    expect(text).toMatch(/rejected\s.*\s30$/m);
    expect(text).toMatch(/failed\s.*\s10$/m);
    expect(text).toContain("events read 1,234");
    expect(text).toContain("up 3m12s");
  });

  it("shows latency percentiles of the chosen window, per op and per stage", () => {
    const text = renderTop(summary, { width: 120, window: "15m" });
    expect(text).toContain("LATENCY 15m");
    expect(text).toMatch(/publish->confirmed\s+400\s+212ms\s+870ms\s+1430ms\s+1502ms/);
    expect(text).toMatch(/send_direct\s+380\s+205ms/);
    expect(text).toMatch(/stage accepted\s+400\s+4\.2ms\s+9\.6ms/);
    expect(text).toMatch(/stage content_stored\s+20\s+31ms/);
    expect(text).toMatch(/confirmed->delivered\s+0\s+-\s+-/);
    expect(formatMs(150_000)).toBe("2.5m");
  });

  it("shows rejections and failures by code, cost, lag and dead letters", () => {
    const text = renderTop(summary, { width: 120 });
    expect(text).toContain("RATE_LIMITED 6");
    expect(text).toContain("BAD_SIGNATURE 3");
    expect(text).toContain("SIMULATION_FAILED 3");
    expect(text).toMatch(/CU\/message\s+7,500\s+5,200\s+12,000\s+14,000/);
    expect(text).toContain("lamports 183,702");
    expect(text).toContain("transactions 27");
    expect(text).toMatch(/tx-bundler\s+POD_PIPELINE\s+17\s+5\s+22/);
    expect(text).toContain("polled 2s ago");
    expect(text).toMatch(/DEAD LETTERS\s+4\s+\(compression 4\)/);
  });

  it("keeps every line within the width", () => {
    for (const width of [40, 80, 120]) {
      const lines = renderTop(summary, { width }).split("\n");
      expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(width);
    }
  });

  it("colours only when asked", () => {
    expect(renderTop(summary, { color: false })).not.toMatch(ANSI);
    const coloured = renderTop(summary, { color: true, width: 120 });
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(new RegExp(ANSI.source, "g"), "")).toBe(
      renderTop(summary, { width: 120 }),
    );
  });
});
