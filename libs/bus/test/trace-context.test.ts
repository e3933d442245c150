import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { context, SpanKind, trace } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from "@opentelemetry/sdk-trace-base";
import { STREAMS, subjects } from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consume, publish } from "../src/index.js";
import { startBroker, waitUntilSettled, type TestBroker } from "./helpers.js";

describe("trace context", () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let broker: TestBroker;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(provider);
    broker = await startBroker();
  });
  afterAll(async () => {
    await broker?.close();
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  const spans = (kind: SpanKind, subject: string): ReadableSpan[] =>
    exporter
      .getFinishedSpans()
      .filter((s) => s.kind === kind && s.attributes["messaging.destination.name"] === subject);

  it("trace context - the consumer span of the second hop is in the publisher's trace", async () => {
    const hop1 = subjects.ingest("send_direct");
    const hop2 = subjects.pipeline("accepted", "send_direct");
    const traceIds: (string | undefined)[] = [];

    const ingest = await consume(broker.bus, {
      service: "ingest",
      handler: async (d) => {
        traceIds.push(d.traceId);
        await d.publish(hop2, d.json(), { msgId: `accepted:${d.msgId}` });
      },
    });
    const compression = await consume(broker.bus, {
      service: "compression",
      handler: async (d) => {
        traceIds.push(d.traceId);
      },
    });

    const root = trace.getTracer("test").startSpan("agent request");
    await context.with(trace.setSpan(context.active(), root), () =>
      publish(broker.bus, hop1, { text: "hello" }, { msgId: "trace-1" }),
    );
    root.end();

    await waitFor(() => spans(SpanKind.CONSUMER, hop2).length === 1, { what: "second hop" });
    await waitUntilSettled(broker.bus, STREAMS.pipeline.name, "compression");
    await Promise.all([ingest.stop(), compression.stop()]);

    const [producer1] = spans(SpanKind.PRODUCER, hop1);
    const [consumer1] = spans(SpanKind.CONSUMER, hop1);
    const [producer2] = spans(SpanKind.PRODUCER, hop2);
    const [consumer2] = spans(SpanKind.CONSUMER, hop2);
    const traceId = root.spanContext().traceId;

    for (const span of [producer1, consumer1, producer2, consumer2]) {
      expect(span?.spanContext().traceId).toBe(traceId);
    }
    // each span is the child of the one before: one causal chain across services
    expect(producer1?.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(consumer1?.parentSpanContext?.spanId).toBe(producer1?.spanContext().spanId);
    expect(producer2?.parentSpanContext?.spanId).toBe(consumer1?.spanContext().spanId);
    expect(consumer2?.parentSpanContext?.spanId).toBe(producer2?.spanContext().spanId);
    expect(consumer2?.attributes).toMatchObject({
      "messaging.system": "nats",
      "messaging.message.id": "accepted:trace-1",
      "messaging.consumer.group.name": "compression",
    });
    expect(traceIds).toEqual([traceId, traceId]);
  });

  it("trace context - a handler's own spans and plain publishes join the delivery's trace", async () => {
    const hop = subjects.pipeline("ready", "post_channel");
    const out = subjects.event("record", "confirmed");
    const consumer = await consume(broker.bus, {
      service: "tx-bundler",
      handler: async () => {
        // no explicit context: the active one inside the handler is the delivery's span
        await trace.getTracer("test").startActiveSpan("sign and send", async (span) => {
          span.end();
        });
        await publish(broker.bus, out, { ok: true }, { msgId: "confirmed-1" });
      },
    });

    await publish(broker.bus, hop, { r: 1 }, { msgId: "ready-trace-1" });
    await waitFor(() => spans(SpanKind.PRODUCER, out).length === 1, { what: "event publish" });
    await consumer.stop();

    const [delivered] = spans(SpanKind.CONSUMER, hop);
    const inner = exporter.getFinishedSpans().find((s) => s.name === "sign and send");
    const [event] = spans(SpanKind.PRODUCER, out);
    expect(inner?.parentSpanContext?.spanId).toBe(delivered?.spanContext().spanId);
    expect(event?.parentSpanContext?.spanId).toBe(delivered?.spanContext().spanId);
    expect(event?.spanContext().traceId).toBe(delivered?.spanContext().traceId);
  });
});
