import { trace } from "@opentelemetry/api";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger, startTelemetry } from "../src/index.js";

const lines: Record<string, unknown>[] = [];
const destination = { write: (text: string) => void lines.push(JSON.parse(text)) };
const log = createLogger({ service: "metrics", instanceId: "host-1", level: "debug", destination });
const telemetry = startTelemetry({
  service: "metrics",
  instanceId: "host-1",
  log: pino({ level: "silent" }),
});
afterAll(() => telemetry.shutdown(1_000));

describe("logger", () => {
  it("logger - every line names the service and instance; no trace fields outside a span", () => {
    log.info({ event: "lifecycle" }, "hello");
    expect(lines.at(-1)).toMatchObject({
      level: "info",
      service: "metrics",
      instance: "host-1",
      event: "lifecycle",
      msg: "hello",
    });
    expect(lines.at(-1)).not.toHaveProperty("trace_id");
    expect(typeof lines.at(-1)!.time).toBe("string");
  });

  it("logger - inside an active span a line carries that span's trace id and span id", () => {
    const tracer = trace.getTracer("logger-test");
    const ids = tracer.startActiveSpan("work", (span) => {
      log.debug({ event: "message_seen" });
      span.end();
      return span.spanContext();
    });
    expect(lines.at(-1)).toMatchObject({
      level: "debug",
      trace_id: ids.traceId,
      span_id: ids.spanId,
      trace_flags: "01",
    });
  });
});
