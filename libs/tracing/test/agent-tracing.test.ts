import { freePort } from "@pod/testing";
import { describe, expect, it } from "vitest";
import { installAgentTracing } from "../src/index.js";

describe("installAgentTracing", () => {
  it("agent tracing - with no broker it returns after a short wait, counts the spans it cannot store and shuts down in bounded time", async () => {
    const port = await freePort();
    // Loaded first, so that the time measured is the wait for the broker, not the SDK's import.
    await import("@pod/runtime");
    let started = Date.now();
    const tracing = await installAgentTracing({
      servers: `nats://127.0.0.1:${port}`,
      service: "agent-offline",
    });
    expect(Date.now() - started).toBeLessThan(3_500);

    tracing.tracer.startSpan("one").end();
    tracing.tracer.startSpan("two").end();
    await tracing.flush();
    expect(tracing.stats().dropped.disconnected).toBe(2);
    expect(tracing.stats().exported).toBe(0);

    started = Date.now();
    await tracing.shutdown(1_000);
    await tracing.shutdown(1_000);
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});
