import { randomBytes } from "node:crypto";
import { SpanKind } from "@opentelemetry/api";
import { connectBus, publish, type Bus } from "@pod/bus";
import {
  generateKeypair,
  requestKeyOf,
  subjects,
  toBase64,
  type SignedRequest,
} from "@pod/protocol";
import { PodClient } from "@pod/sdk";
import { startStack, type Stack } from "@pod/stack";
import { waitFor } from "@pod/testing";
import {
  installAgentTracing,
  readTrace,
  renderWaterfall,
  type AgentTracing,
  type TraceSpan,
} from "@pod/tracing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let stack: Stack;
let bus: Bus;
let agent: AgentTracing;
let alice: PodClient;
let bob: PodClient;
const clients: PodClient[] = [];

beforeAll(async () => {
  stack = await startStack({
    services: { ingest: 1, compression: 1, "ipfs-storage": 1, "tx-bundler": 1, subscription: 1 },
    // No OTLP endpoint: every service stores its spans in POD_TRACES (POD_TRACE_STORE=auto).
    env: { LOG_LEVEL: "warn", OTEL_EXPORTER_OTLP_ENDPOINT: "", POD_TRACE_STORE: "auto" },
    // A batching window wide enough that requests published together share a transaction.
    serviceEnv: { "tx-bundler": { BUNDLER_FLUSH_MS: "300" } },
  });
  bus = await connectBus({ servers: stack.natsUrl, name: "one-trace-test" });
  agent = await installAgentTracing({ bus, service: "agent" });
  [alice, bob] = await Promise.all([registered(), registered()]);
}, 240_000);
afterAll(async () => {
  await agent?.shutdown();
  await Promise.all(clients.map((c) => c.close()));
  await bus?.close();
  await stack?.stop();
});

async function registered(): Promise<PodClient> {
  const c = await PodClient.connect({ natsUrl: stack.natsUrl, keypair: generateKeypair() });
  clients.push(c);
  await c.submitAndConfirm("register_agent", { capabilities: "1", metadataUri: "" });
  return c;
}

const DELIVER = "deliver pod.events.record.confirmed";

const named = (spans: TraceSpan[], service: string, name: string) =>
  spans.find((s) => s.service === service && s.name === name);

/** Publishes a signed request the way an agent does, inside the agent's span; its trace id. */
function sendTraced(request: SignedRequest): Promise<string> {
  return agent.tracer.startActiveSpan(
    `agent ${request.op}`,
    { kind: SpanKind.CLIENT },
    async (span) => {
      // The bus's publish span, inside the agent's span, puts the traceparent on the message.
      await publish(bus, subjects.ingest(request.op), request, { msgId: requestKeyOf(request) });
      span.end();
      return span.spanContext().traceId;
    },
  );
}

/** The request's stored spans once its bundler spans are in. */
function traceOf(requestKey: string, has: (s: TraceSpan[]) => boolean): Promise<TraceSpan[]> {
  return waitFor(
    async () => {
      const s = await readTrace(bus, { requestKey }, { settleMs: 500 });
      return has(s) && s;
    },
    { timeoutMs: 30_000, intervalMs: 500 },
  );
}

describe("one trace per request through the local trace store", () => {
  it("traces - a large compressed direct message is one trace: agent publish, ingest, compression, ipfs add, tx-bundler pack/sign/send/confirm with signature, slot and CU, the subscriber's delivery; the waterfall lists them", async () => {
    // The recipient is connected, so the subscription service delivers the message in its trace.
    const inbox = bob.subscribe({ url: stack.service("subscription").httpUrl });
    const received: string[] = [];
    const reading = (async () => {
      for await (const m of inbox) received.push(m.event.requestKey);
    })();
    // Random bytes do not compress: over the inline limit, so the content goes to IPFS.
    const request = alice.sign("send_direct", {
      to: bob.agent,
      content: { bytes: toBase64(new Uint8Array(randomBytes(2_000))) },
      contentType: "application/octet-stream",
    });
    const requestKey = requestKeyOf(request);
    const traceId = await sendTraced(request);
    const event = await alice.waitFor(requestKey, { timeoutMs: 120_000 });
    expect(event.storage).toBe("compressed");
    await waitFor(() => received.includes(requestKey), { timeoutMs: 30_000, what: "delivery" });
    inbox.close();
    await reading;

    const spans = await traceOf(
      requestKey,
      (s) =>
        !!named(s, "tx-bundler", "confirm") &&
        !!named(s, "ipfs-storage", "ipfs add") &&
        !!named(s, "subscription", DELIVER),
    );
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([traceId]));

    const expected: [string, string, TraceSpan["kind"]][] = [
      ["agent", "agent send_direct", "client"],
      ["agent", "send pod.ingest.send_direct", "producer"],
      ["ingest", "process pod.ingest.send_direct", "consumer"],
      ["ingest", "send pod.pipeline.accepted.send_direct", "producer"],
      ["compression", "process pod.pipeline.accepted.send_direct", "consumer"],
      ["compression", "send pod.pipeline.store.send_direct", "producer"],
      ["ipfs-storage", "process pod.pipeline.store.send_direct", "consumer"],
      ["ipfs-storage", "ipfs add", "internal"],
      ["ipfs-storage", "send pod.pipeline.ready.send_direct", "producer"],
      ["tx-bundler", "process pod.pipeline.ready.send_direct", "consumer"],
      ["tx-bundler", "pack", "internal"],
      ["tx-bundler", "sign", "internal"],
      ["tx-bundler", "send", "internal"],
      ["tx-bundler", "confirm", "internal"],
      ["tx-bundler", "send pod.events.record.confirmed", "producer"],
      ["subscription", DELIVER, "consumer"],
    ];
    for (const [service, name, kind] of expected) {
      expect(named(spans, service, name), `${service}: ${name}`).toMatchObject({ kind });
    }

    // Parent chain across the hops: each consumer continues the previous publish.
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const parentOf = (s: TraceSpan | undefined) => byId.get(s?.parentSpanId ?? "");
    expect(parentOf(named(spans, "ingest", "process pod.ingest.send_direct"))?.name).toBe(
      "send pod.ingest.send_direct",
    );
    const bundled = named(spans, "tx-bundler", "process pod.pipeline.ready.send_direct")!;
    expect(parentOf(bundled)?.service).toBe("ipfs-storage");
    expect(parentOf(named(spans, "subscription", DELIVER))?.name).toBe(
      "send pod.events.record.confirmed",
    );
    for (const step of ["pack", "sign", "send", "confirm"]) {
      expect(parentOf(named(spans, "tx-bundler", step))?.spanId, step).toBe(bundled.spanId);
    }

    const add = named(spans, "ipfs-storage", "ipfs add")!;
    expect(add.attributes["ipfs.cid"]).toMatch(/^bafk/);
    expect(add.attributes["ipfs.content.bytes"]).toBe(2_000);
    const confirm = named(spans, "tx-bundler", "confirm")!;
    expect(confirm.attributes).toMatchObject({
      "pod.request_key": requestKey,
      "solana.tx.signature": event.signature,
      "solana.slot": event.slot,
      "solana.compute_units": event.computeUnits,
      "solana.fee_lamports": event.feeLamports,
      "pod.bundle.size": event.bundleSize,
      "pod.tx.attempt": 1,
    });
    expect(named(spans, "tx-bundler", "sign")!.attributes["solana.tx.signature"]).toBe(
      event.signature,
    );
    // Every pipeline span names the request.
    for (const s of spans.filter((x) => x.service !== "agent" || x.kind === "producer")) {
      expect(s.attributes["pod.request_key"], `${s.service}: ${s.name}`).toBe(requestKey);
    }

    const out = renderWaterfall(spans, { width: 220 });
    for (const [service, name] of expected) {
      expect(out.split("\n").some((l) => l.includes(service) && l.includes(name))).toBe(true);
    }
    expect(out).toContain(`sig ${event.signature}`);
    expect(out).toContain(`slot ${event.slot}`);
    expect(out).toContain(`trace ${traceId}`);
  });

  it("traces - requests that share a transaction each keep their own trace, with their own pack/sign/send/confirm spans carrying the one signature", async () => {
    const requests = [1, 2, 3].map((n) =>
      alice.sign("send_direct", {
        to: bob.agent,
        content: { text: `bundled ${n}` },
        contentType: "text/plain",
      }),
    );
    const traceIds = await Promise.all(requests.map((r) => sendTraced(r)));
    const events = await Promise.all(
      requests.map((r) => alice.waitFor(requestKeyOf(r), { timeoutMs: 120_000 })),
    );
    const signature = events[0]!.signature;
    expect(events.map((e) => e.signature)).toEqual([signature, signature, signature]);
    expect(new Set(traceIds).size).toBe(3);

    for (const [i, request] of requests.entries()) {
      const key = requestKeyOf(request);
      const spans = await traceOf(key, (s) => !!named(s, "tx-bundler", "confirm"));
      expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([traceIds[i]]));
      const consumer = named(spans, "tx-bundler", "process pod.pipeline.ready.send_direct")!;
      for (const step of ["pack", "sign", "send", "confirm"]) {
        const own = spans.filter((s) => s.service === "tx-bundler" && s.name === step);
        expect(own, step).toHaveLength(1);
        expect(own[0]!.parentSpanId, step).toBe(consumer.spanId);
        expect(own[0]!.attributes["pod.request_key"], step).toBe(key);
        expect(own[0]!.attributes["pod.bundle.size"], step).toBe(3);
      }
      expect(named(spans, "tx-bundler", "confirm")!.attributes).toMatchObject({
        "solana.tx.signature": signature,
        "solana.slot": events[i]!.slot,
      });
    }
  });
});
