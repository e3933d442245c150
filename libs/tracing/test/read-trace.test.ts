import { randomBytes } from "node:crypto";
import { SpanKind } from "@opentelemetry/api";
import { connectBus, ensureTopology, publish, type Bus } from "@pod/bus";
import { subjects } from "@pod/protocol";
import { startNats, type NatsFixture } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  installAgentTracing,
  readTrace,
  TRACING_ERROR_CODES,
  type AgentTracing,
  type TraceSpan,
} from "../src/index.js";

let nats: NatsFixture;
let bus: Bus;
let agent: AgentTracing;

beforeAll(async () => {
  nats = await startNats();
  bus = await connectBus({ servers: nats.url, name: "read-trace-test" });
  await ensureTopology(bus.jsm);
  agent = await installAgentTracing({ bus, service: "agent-test" });
});
afterAll(async () => {
  await agent?.shutdown();
  await bus?.close();
  await nats?.stop();
});

/** A stored batch of one trace, as a service's exporter writes it. */
function batch(traceId: string, names: string[], endedAgoMs = 0): string {
  const now = BigInt(Date.now() - endedAgoMs) * 1_000_000n;
  const spans: TraceSpan[] = names.map((name, i) => ({
    traceId,
    spanId: randomBytes(8).toString("hex"),
    name,
    kind: "internal",
    service: "svc",
    scope: "test",
    startTimeUnixNano: (now - BigInt(1_000_000 * (names.length - i))).toString(),
    endTimeUnixNano: now.toString(),
    attributes: {},
    status: { code: "unset" },
    events: [],
  }));
  return JSON.stringify({ v: 1, spans });
}

describe("readTrace and installAgentTracing", () => {
  it("trace read - an agent's span and the bus's publish span inside it are stored and read back by request key, parent first", async () => {
    const key = "8Yp2vUGrAaPpGLT9cBoW1nV2gx6cKTpCQXzv4ZoTzYkM";
    await agent.tracer.startActiveSpan("send_direct", { kind: SpanKind.CLIENT }, async (span) => {
      await publish(bus, subjects.ingest("send_direct"), { hello: 1 }, { msgId: key });
      span.end();
    });
    await agent.flush();

    const spans = await readTrace(bus, { requestKey: key });
    expect(spans.map((s) => s.name)).toEqual(["send_direct", "send pod.ingest.send_direct"]);
    const [root, send] = spans;
    expect(send!.parentSpanId).toBe(root!.spanId);
    expect(send!.traceId).toBe(root!.traceId);
    expect(send).toMatchObject({
      service: "agent-test",
      kind: "producer",
      attributes: { "pod.request_key": key, "messaging.message.id": key },
    });
    expect(agent.stats().indexed).toBe(1);
  });

  it("trace read - a trace still being written is read until it is quiet: a late batch is included", async () => {
    const traceId = randomBytes(16).toString("hex");
    bus.nc.publish(subjects.traceSpans(traceId), batch(traceId, ["a", "b"]));
    setTimeout(() => bus.nc.publish(subjects.traceSpans(traceId), batch(traceId, ["late"])), 800);
    const spans = await readTrace(bus, { traceId }, { settleMs: 1_200 });
    expect(spans.map((s) => s.name).sort()).toEqual(["a", "b", "late"]);
  });

  it("trace read - an old trace returns as soon as it is read; nothing stored gives [] after the wait", async () => {
    const traceId = randomBytes(16).toString("hex");
    bus.nc.publish(subjects.traceSpans(traceId), batch(traceId, ["old"], 60_000));
    await bus.nc.flush();
    let started = Date.now();
    expect((await readTrace(bus, { traceId: traceId.toUpperCase() })).map((s) => s.name)).toEqual([
      "old",
    ]);
    expect(Date.now() - started).toBeLessThan(1_000);

    started = Date.now();
    const none = await readTrace(bus, { requestKey: "1".repeat(44) }, { waitMs: 400 });
    expect(none).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it("trace read - a query that is neither a trace id nor a request key is a typed error", async () => {
    await expect(readTrace(bus, { traceId: "nope" })).rejects.toMatchObject({
      code: TRACING_ERROR_CODES.badQuery,
    });
    await expect(readTrace(bus, { requestKey: "has.dots" })).rejects.toMatchObject({
      code: TRACING_ERROR_CODES.badQuery,
    });
  });
});
