import { randomBytes } from "node:crypto";
import { SpanKind } from "@opentelemetry/api";
import { connectBus, publish, type Bus } from "@pod/bus";
import { generateKeypair, requestKeyOf, subjects, toBase64 } from "@pod/protocol";
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
const clients: PodClient[] = [];

beforeAll(async () => {
  stack = await startStack({
    services: { ingest: 1, compression: 1, "ipfs-storage": 1, "tx-bundler": 1 },
    // No OTLP endpoint: every service stores its spans in POD_TRACES (POD_TRACE_STORE=auto).
    env: { LOG_LEVEL: "warn", OTEL_EXPORTER_OTLP_ENDPOINT: "", POD_TRACE_STORE: "auto" },
  });
  bus = await connectBus({ servers: stack.natsUrl, name: "one-trace-test" });
  agent = await installAgentTracing({ bus, service: "agent" });
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

const named = (spans: TraceSpan[], service: string, name: string) =>
  spans.find((s) => s.service === service && s.name === name);

describe("one trace per request through the local trace store", () => {
  it("traces - a large compressed direct message is one trace: agent publish, ingest, compression, ipfs add, tx-bundler pack/sign/send/confirm with signature, slot and CU; the waterfall lists them", async () => {
    const [alice, bob] = await Promise.all([registered(), registered()]);
    // Random bytes do not compress: over the inline limit, so the content goes to IPFS.
    const request = alice.sign("send_direct", {
      to: bob.agent,
      content: { bytes: toBase64(new Uint8Array(randomBytes(2_000))) },
      contentType: "application/octet-stream",
    });
    const requestKey = requestKeyOf(request);
    const traceId = await agent.tracer.startActiveSpan(
      "agent send_direct",
      { kind: SpanKind.CLIENT },
      async (span) => {
        // The bus's publish span, inside the agent's span, puts the traceparent on the message.
        await publish(bus, subjects.ingest("send_direct"), request, { msgId: requestKey });
        span.end();
        return span.spanContext().traceId;
      },
    );
    const event = await alice.waitFor(requestKey, { timeoutMs: 120_000 });
    expect(event.storage).toBe("compressed");

    const spans = await waitFor(
      async () => {
        const s = await readTrace(bus, { requestKey }, { settleMs: 500 });
        return named(s, "tx-bundler", "confirm") && named(s, "ipfs-storage", "ipfs add") && s;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
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
});
