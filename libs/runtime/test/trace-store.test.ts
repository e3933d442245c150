import { ROOT_CONTEXT, SpanKind, trace } from "@opentelemetry/api";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import {
  BasicTracerProvider,
  SimpleSpanProcessor,
  type ReadableSpan,
} from "@opentelemetry/sdk-trace-base";
import { ensureTopology } from "@pod/bus";
import { STREAMS, subjects } from "@pod/protocol";
import { freePort, waitFor } from "@pod/testing";
import { beforeAll, describe, expect, it } from "vitest";
import {
  RequestKeySpanProcessor,
  TRACE_ATTR,
  TraceStoreExporter,
  traceStoreEnabled,
  type SpanBatch,
} from "../src/index.js";
import { natsForTests } from "./helpers.js";

const shared = natsForTests("trace-store-test");
const KEY = "8Yp2vUGrAaPpGLT9cBoW1nV2gx6cKTpCQXzv4ZoTzYkM";

beforeAll(async () => {
  await ensureTopology(shared.client.jsm);
});

/** Spans made by a real SDK tracer, collected as the batch processor would hand them over. */
function recorder() {
  const ended: ReadableSpan[] = [];
  const provider = new BasicTracerProvider({
    spanProcessors: [
      new RequestKeySpanProcessor(),
      new SimpleSpanProcessor({
        export: (spans, done) => {
          ended.push(...spans);
          done({ code: ExportResultCode.SUCCESS });
        },
        shutdown: async () => {},
      }),
    ],
  });
  return { tracer: provider.getTracer("test"), ended };
}

function exportNow(exporter: TraceStoreExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((done) => exporter.export(spans, done));
}

async function batchesOn(subject: string): Promise<SpanBatch[]> {
  const out: SpanBatch[] = [];
  const c = await shared.client.js.consumers.get(STREAMS.traces.name, { filter_subjects: subject });
  const info = await shared.client.jsm.streams.info(STREAMS.traces.name, {
    subjects_filter: subject,
  });
  const count = info.state.subjects?.[subject] ?? 0;
  if (count === 0) return out;
  for await (const m of await c.fetch({ max_messages: count, expires: 2_000 })) {
    out.push(m.json<SpanBatch>());
  }
  return out;
}

describe("local trace store exporter", () => {
  it("trace store - spans land on pod.traces.span.<traceId> with parent, kind, service, times and attributes; the request key is indexed once per trace", async () => {
    const { tracer, ended } = recorder();
    const parent = tracer.startSpan("process pod.ingest.send_direct", {
      kind: SpanKind.CONSUMER,
      attributes: { "messaging.message.id": KEY },
    });
    const child = tracer.startSpan(
      "send pod.pipeline.accepted.send_direct",
      { kind: SpanKind.PRODUCER, attributes: { "messaging.message.id": `accepted:${KEY}` } },
      trace.setSpan(ROOT_CONTEXT, parent),
    );
    child.addEvent("retried", { attempt: 2 });
    child.end();
    parent.end();
    const exporter = new TraceStoreExporter({
      service: "ingest",
      connection: { nc: shared.client.nc },
    });
    expect((await exportNow(exporter, ended)).code).toBe(ExportResultCode.SUCCESS);
    // A later batch of the same trace does not index it again.
    expect((await exportNow(exporter, ended)).code).toBe(ExportResultCode.SUCCESS);
    await exporter.forceFlush();

    const traceId = parent.spanContext().traceId;
    const batches = await waitFor(async () => {
      const b = await batchesOn(subjects.traceSpans(traceId));
      return b.length === 2 && b;
    });
    const [first] = batches;
    expect(first!.v).toBe(1);
    const [sent, processed] = first!.spans;
    expect(processed).toMatchObject({
      traceId,
      spanId: parent.spanContext().spanId,
      name: "process pod.ingest.send_direct",
      kind: "consumer",
      service: "ingest",
      scope: "test",
      status: { code: "unset" },
      attributes: { [TRACE_ATTR.requestKey]: KEY },
    });
    expect(processed!.parentSpanId).toBeUndefined();
    expect(sent).toMatchObject({
      parentSpanId: parent.spanContext().spanId,
      kind: "producer",
      attributes: { [TRACE_ATTR.requestKey]: KEY, "messaging.message.id": `accepted:${KEY}` },
      events: [{ name: "retried", attributes: { attempt: 2 } }],
    });
    expect(BigInt(sent!.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(sent!.startTimeUnixNano));
    expect(Number(BigInt(sent!.startTimeUnixNano) / 1_000_000n)).toBeGreaterThan(
      Date.now() - 60_000,
    );

    const index = await batchesOn(subjects.traceOfRequest(KEY));
    expect(index).toEqual([{ v: 1, requestKey: KEY, traceId }]);
    expect(exporter.stats).toMatchObject({ exported: 4, messages: 2, indexed: 1 });
  });

  it("trace store - one trace's spans are split into messages under maxMessageBytes; a span larger than a message is dropped and counted", async () => {
    const { tracer, ended } = recorder();
    const root = tracer.startSpan("root");
    const ctx = trace.setSpan(ROOT_CONTEXT, root);
    for (let i = 0; i < 40; i++) {
      tracer.startSpan(`step ${i}`, { attributes: { pad: "x".repeat(300) } }, ctx).end();
    }
    tracer.startSpan("huge", { attributes: { pad: "y".repeat(10_000) } }, ctx).end();
    root.end();
    const maxMessageBytes = 4_096;
    const exporter = new TraceStoreExporter({
      service: "t",
      connection: { nc: shared.client.nc },
      maxMessageBytes,
    });
    await exportNow(exporter, ended);
    await exporter.forceFlush();

    const subject = subjects.traceSpans(root.spanContext().traceId);
    const batches = await waitFor(async () => {
      const b = await batchesOn(subject);
      return b.length === exporter.stats.messages && b;
    });
    expect(batches.length).toBeGreaterThan(3);
    for (const b of batches) expect(JSON.stringify(b).length).toBeLessThanOrEqual(maxMessageBytes);
    const names = batches.flatMap((b) => b.spans.map((s) => s.name));
    expect(names).toHaveLength(41);
    expect(names).not.toContain("huge");
    expect(exporter.stats.dropped.oversized).toBe(1);
    expect(exporter.stats.exported).toBe(41);
  });

  it("trace store - with no NATS server to reach, export drops and counts the spans at once, reports success and never throws", async () => {
    const { tracer, ended } = recorder();
    for (let i = 0; i < 5; i++) tracer.startSpan(`s${i}`).end();
    const port = await freePort();
    const exporter = new TraceStoreExporter({
      service: "t",
      connection: { servers: `nats://127.0.0.1:${port}` },
    });
    const started = Date.now();
    const result = await exportNow(exporter, ended);
    expect(Date.now() - started).toBeLessThan(100);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(exporter.stats.dropped.disconnected).toBe(5);
    expect(exporter.stats.exported).toBe(0);
    await exporter.shutdown();
    await exporter.shutdown();
    expect((await exportNow(exporter, ended)).code).toBe(ExportResultCode.SUCCESS);
    expect(exporter.stats.dropped.disconnected).toBe(10);
  });

  it("trace store - output backed up past maxPendingBytes drops the batch instead of queueing it", async () => {
    const { tracer, ended } = recorder();
    for (let i = 0; i < 3; i++) tracer.startSpan(`s${i}`).end();
    // A bound of zero bytes: anything still unwritten counts as backed up.
    const exporter = new TraceStoreExporter({
      service: "t",
      connection: { nc: shared.client.nc },
      maxPendingBytes: -1,
    });
    await exportNow(exporter, ended);
    expect(exporter.stats.dropped.backlog).toBe(3);
    expect(exporter.stats.messages).toBe(0);
  });
  it("trace store - the memory of indexed traces is bounded: past maxIndexedTraces the oldest are forgotten (and indexed again, which the stream dedups)", async () => {
    const { tracer, ended } = recorder();
    for (let i = 0; i < 6; i++) {
      tracer.startSpan(`t${i}`, { attributes: { [TRACE_ATTR.requestKey]: KEY } }).end();
    }
    const exporter = new TraceStoreExporter({
      service: "t",
      connection: { nc: shared.client.nc },
      maxIndexedTraces: 4,
    });
    await exportNow(exporter, ended);
    expect(exporter.stats.indexed).toBe(6);
    // The two newest are still remembered; the first has been forgotten.
    await exportNow(exporter, ended.slice(4));
    expect(exporter.stats.indexed).toBe(6);
    await exportNow(exporter, ended.slice(0, 1));
    expect(exporter.stats.indexed).toBe(7);
  });
});

describe("request keys and modes", () => {
  it("trace store - the request key comes from the message id, bare, after a stage prefix or before a recipient, and is never invented", () => {
    const { tracer, ended } = recorder();
    const ids = [
      KEY,
      `ready:${KEY}`,
      `delivered:${KEY}:${KEY}`,
      "rejected:42",
      "raw:abc",
      `a.b:${KEY}`,
    ];
    for (const id of ids)
      tracer.startSpan(id, { attributes: { "messaging.message.id": id } }).end();
    tracer.startSpan("own", { attributes: { [TRACE_ATTR.requestKey]: "given" } }).end();
    const keys = ended.map((s) => s.attributes[TRACE_ATTR.requestKey]);
    expect(keys).toEqual([KEY, KEY, KEY, undefined, undefined, undefined, "given"]);
  });

  it("trace store - POD_TRACE_STORE auto stores only without an OTLP endpoint; on and off force it", () => {
    expect(traceStoreEnabled("auto", undefined)).toBe(true);
    expect(traceStoreEnabled("auto", "http://collector:4318")).toBe(false);
    expect(traceStoreEnabled("on", "http://collector:4318")).toBe(true);
    expect(traceStoreEnabled("off", undefined)).toBe(false);
  });
});
