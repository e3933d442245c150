import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { Lifecycle, LifecycleTransitionError, runShutdown } from "../src/index.js";

function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: "debug" }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { log, lines };
}

describe("lifecycle", () => {
  it("lifecycle - walks initialized, starting, running, draining, stopped, logging each at info", () => {
    const { log, lines } = memoryLogger();
    const lifecycle = new Lifecycle(log);
    for (const next of ["starting", "running", "draining", "stopped"] as const) lifecycle.to(next);
    expect(lifecycle.state).toBe("stopped");
    expect(lines.map((l) => [l.level, l.from, l.to])).toEqual([
      [30, "initialized", "starting"],
      [30, "starting", "running"],
      [30, "running", "draining"],
      [30, "draining", "stopped"],
    ]);
  });

  it("lifecycle - refuses a transition out of order and stays where it was", () => {
    const { log } = memoryLogger();
    const lifecycle = new Lifecycle(log);
    lifecycle.to("starting");
    expect(() => lifecycle.to("initialized")).toThrow(LifecycleTransitionError);
    lifecycle.to("running");
    lifecycle.to("draining");
    expect(() => lifecycle.to("running")).toThrow(/draining to running/);
    expect(lifecycle.state).toBe("draining");
  });
});

describe("shutdown sequence", () => {
  it("shutdown - a failing step is recorded and later steps still run", async () => {
    const { log } = memoryLogger();
    const ran: string[] = [];
    const outcome = await runShutdown(
      [
        { name: "a", run: () => void ran.push("a") },
        {
          name: "b",
          run: () => {
            throw new Error("b broke");
          },
        },
        { name: "c", run: () => void ran.push("c") },
      ],
      1_000,
      log,
    );
    expect(ran).toEqual(["a", "c"]);
    expect(outcome).toMatchObject({ clean: false, failed: [{ step: "b", error: "b broke" }] });
    expect(outcome.unfinished).toEqual([]);
  });

  it("shutdown - a step that never ends is abandoned at the grace and reported with what was left", async () => {
    const { log } = memoryLogger();
    const outcome = await runShutdown(
      [
        { name: "consumer", run: () => undefined },
        { name: "stuck", run: () => new Promise(() => undefined) },
        { name: "nats", run: () => undefined },
      ],
      100,
      log,
    );
    expect(outcome.clean).toBe(false);
    expect(outcome.unfinished).toEqual(["stuck", "nats"]);
  });
});
