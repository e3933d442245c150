import { randomBytes } from "node:crypto";
import { headers as natsHeaders } from "@nats-io/transport-node";
import { connectBus, type Bus } from "@pod/bus";
import {
  generateKeypair,
  PROTOCOL_VERSION,
  requestKeyOf,
  signRequest,
  STREAMS,
  subjects,
} from "@pod/protocol";
import type { ServiceProcess } from "@pod/runtime/testing";
import { startNats, waitFor, type NatsFixture } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOtlpReceiver, type OtlpReceiver } from "./helpers/otlp-receiver.js";
import { startServiceProcess } from "./helpers/service-processes.js";

const SPAN_KIND_PRODUCER = 4;
const SPAN_KIND_CONSUMER = 5;

let nats: NatsFixture;
let client: Bus;
let collector: OtlpReceiver;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  nats = await startNats();
  client = await connectBus({ servers: nats.url, name: "trace-test" });
  collector = await startOtlpReceiver();
  const env = {
    NATS_URL: nats.url,
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    LOG_LEVEL: "debug",
  };
  services.push(
    ...(await Promise.all([
      startServiceProcess("ingest", env),
      startServiceProcess("compression", env),
    ])),
  );
});
afterAll(async () => {
  for (const s of services) s.signal("SIGTERM");
  await Promise.all(services.map((s) => s.exited));
  await client?.close();
  await collector?.close();
  await nats?.stop();
});

describe("trace context across services", () => {
  it("trace - an agent's traceparent reaches pipeline.ready and both services export spans in its trace to the collector, none to the local store", async () => {
    const traceId = randomBytes(16).toString("hex");
    const agentSpanId = randomBytes(8).toString("hex");
    // A request that needs no registered agent, so ingest and compression alone pass it on.
    const request = signRequest(
      {
        v: PROTOCOL_VERSION,
        id: `trace-${traceId.slice(0, 16)}`,
        op: "register_agent",
        ts: Date.now(),
        body: { capabilities: "1", metadataUri: "https://agents.example/trace" },
      },
      generateKeypair(),
    );
    const key = requestKeyOf(request);
    // Published the way an agent does: JetStream with a W3C traceparent header.
    const h = natsHeaders();
    h.set("traceparent", `00-${traceId}-${agentSpanId}-01`);
    await client.js.publish(subjects.ingest("register_agent"), JSON.stringify(request), {
      msgID: key,
      headers: h,
    });

    const ready = await waitFor(async () => {
      const m = await client.jsm.streams
        .getMessage(STREAMS.pipeline.name, {
          last_by_subj: subjects.pipeline("ready", "register_agent"),
        })
        .catch(() => undefined);
      return m?.header?.get("Nats-Msg-Id") === `ready:${key}` && m;
    });
    expect(ready.header?.get("traceparent").split("-")[1]).toBe(traceId);
    expect(ready.json()).toMatchObject({ requestId: request.id, op: "register_agent" });

    // Batches leave every second; wait for both services' spans of this trace.
    const spans = await waitFor(
      () => {
        const mine = collector.spans.filter((s) => s.traceId === traceId);
        const services = new Set(mine.map((s) => s.service));
        return services.has("ingest") && services.has("compression") && mine.length >= 4 && mine;
      },
      { timeoutMs: 20_000 },
    );
    const ingestConsume = spans.find(
      (s) => s.service === "ingest" && s.kind === SPAN_KIND_CONSUMER,
    );
    const ingestSend = spans.find((s) => s.service === "ingest" && s.kind === SPAN_KIND_PRODUCER);
    const compressionConsume = spans.find(
      (s) => s.service === "compression" && s.kind === SPAN_KIND_CONSUMER,
    );
    // One chain of parents: agent -> ingest consume -> ingest send -> compression consume.
    expect(ingestConsume?.parentSpanId).toBe(agentSpanId);
    expect(ingestSend?.parentSpanId).toBe(ingestConsume?.spanId);
    expect(compressionConsume?.parentSpanId).toBe(ingestSend?.spanId);
    expect(collector.rejected).toEqual([]);

    // With a collector configured, POD_TRACE_STORE=auto keeps the local store out of it.
    expect((await client.jsm.streams.info(STREAMS.traces.name)).state.messages).toBe(0);

    // The services' log lines for this message carry the same trace id.
    const logged = services.flatMap((s) => s.lines).filter((l) => l.trace_id === traceId);
    expect(new Set(logged.map((l) => l.service))).toEqual(new Set(["ingest", "compression"]));
  });
});
