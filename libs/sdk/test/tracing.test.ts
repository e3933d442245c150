import { SpanKind, trace } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { generateKeypair, STREAMS, subjects, type SignedRequest } from "@pod/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PodClient, SDK_TRACER_NAME } from "../src/index.js";
import { answer, brokerForTests, storedRequest, type Broker } from "./support/broker.js";

// A recording tracer registered globally, as an agent with an OpenTelemetry SDK has: its own
// file, so that the other client tests run without one.
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let broker: Broker;
let client: PodClient;

beforeAll(async () => {
  trace.setGlobalTracerProvider(provider);
  broker = await brokerForTests();
  client = await PodClient.connect({ natsUrl: broker.nats.url, keypair: generateKeypair() });
});
afterAll(async () => {
  await client?.close();
  await broker?.close();
  await provider.shutdown();
  trace.disable();
});

describe("tracing with a recording tracer", () => {
  it("publish - runs in a PRODUCER span of @pod/sdk whose trace the request carries and the receipt names", async () => {
    const pending = client.sendDirect({ to: generateKeypair().address, text: "traced" });
    const stored = await storedRequest(broker.bus, subjects.ingest("send_direct"));
    const request = stored.json<SignedRequest>();
    answer(broker.bus, stored, {
      status: "accepted",
      receipt: {
        requestId: request.id,
        requestKey: stored.header.get("Nats-Msg-Id"),
        acceptedAt: Date.now(),
        stream: STREAMS.pipeline.name,
        seq: 1,
      },
    });
    const receipt = await pending;

    const spans = exporter.getFinishedSpans();
    const sdkSpan = spans.find((s) => s.instrumentationScope.name === SDK_TRACER_NAME);
    expect(sdkSpan).toMatchObject({
      name: "publish pod.ingest.send_direct",
      kind: SpanKind.PRODUCER,
    });
    expect(sdkSpan!.attributes["messaging.message.id"]).toBe(receipt.requestKey);
    const traceId = sdkSpan!.spanContext().traceId;
    expect(receipt.traceId).toBe(traceId);
    // The bus's send span sits beneath it, and the header names that one as the parent.
    const sendSpan = spans.find(
      (s) => s.parentSpanContext?.spanId === sdkSpan!.spanContext().spanId,
    );
    expect(sendSpan?.kind).toBe(SpanKind.PRODUCER);
    expect(stored.header.get("traceparent")).toBe(
      `00-${traceId}-${sendSpan!.spanContext().spanId}-01`,
    );
  });
});
