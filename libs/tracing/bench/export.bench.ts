// CPU cost of the local trace store per pipeline message: the spans one service makes for a
// message (a consumer span and the producer span of its output) with POD_TRACE_STORE off
// (spans recorded, then dropped) beside on (batched, encoded, published to a real
// nats-server), same process, same run, alternating rounds.
// Usage: tsx libs/tracing/bench/export.bench.ts [--messages 20000] [--rounds 3]
// [--out bench-results/trace-store.json]
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { ROOT_CONTEXT, SpanKind, trace, type Tracer } from "@opentelemetry/api";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { connectBus, ensureTopology } from "@pod/bus";
import { STREAMS } from "@pod/protocol";
import {
  RequestKeySpanProcessor,
  SPAN_EXPORT,
  spanRecordOf,
  TraceStoreExporter,
} from "@pod/runtime";
import { startNats, waitFor } from "@pod/testing";

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "20000" },
    rounds: { type: "string", default: "3" },
    out: { type: "string" },
  },
});
const messages = Number(values.messages);
const rounds = Number(values.rounds);
const KEY = "8Yp2vUGrAaPpGLT9cBoW1nV2gx6cKTpCQXzv4ZoTzYkM";

/** One message's spans at one service, as the bus makes them. */
function hop(tracer: Tracer, i: number): void {
  const consume = tracer.startSpan("process pod.pipeline.accepted.send_direct", {
    kind: SpanKind.CONSUMER,
    attributes: {
      "messaging.system": "nats",
      "messaging.destination.name": "pod.pipeline.accepted.send_direct",
      "messaging.operation.type": "process",
      "messaging.consumer.group.name": "compression",
      "messaging.message.body.size": 900,
      "messaging.nats.message.delivery_count": 1,
      "messaging.nats.message.stream_sequence": i,
      "messaging.message.id": `accepted:${KEY}`,
    },
  });
  tracer
    .startSpan(
      "send pod.pipeline.ready.send_direct",
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          "messaging.system": "nats",
          "messaging.destination.name": "pod.pipeline.ready.send_direct",
          "messaging.operation.type": "send",
          "messaging.operation.name": "publish",
          "messaging.message.id": `ready:${KEY}`,
          "messaging.message.body.size": 1200,
        },
      },
      trace.setSpan(ROOT_CONTEXT, consume),
    )
    .end();
  consume.end();
}

/** CPU microseconds per message of `messages` hops, yielding like a service between them. */
async function run(tracer: Tracer, flush: () => Promise<void>): Promise<number> {
  const cpu = process.cpuUsage();
  for (let i = 0; i < messages; i++) {
    hop(tracer, i);
    // A service does I/O between messages; this lets the batch processor export on time.
    if (i % 100 === 99) await new Promise((r) => setImmediate(r));
  }
  await flush();
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / messages;
}

const nats = await startNats();
try {
  const bus = await connectBus({ servers: nats.url, name: "trace-bench" });
  await ensureTopology(bus.jsm);

  const off = new BasicTracerProvider({ spanProcessors: [new RequestKeySpanProcessor()] });
  const exporter = new TraceStoreExporter({
    service: "bench",
    connection: { servers: nats.url },
  });
  await exporter.ready();
  const on = new BasicTracerProvider({
    spanProcessors: [new RequestKeySpanProcessor(), new BatchSpanProcessor(exporter, SPAN_EXPORT)],
  });
  const offTracer = off.getTracer("bench");
  const onTracer = on.getTracer("bench");

  // Warm-up of both paths (JIT, connection).
  await run(offTracer, async () => {});
  await run(onTracer, () => on.forceFlush());

  const offUs: number[] = [];
  const onUs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    offUs.push(await run(offTracer, async () => {}));
    onUs.push(await run(onTracer, () => on.forceFlush()));
  }

  // Where the time goes: encoding alone (what the exporter does before publishing).
  const sample: Parameters<typeof spanRecordOf>[0][] = [];
  const probe = new BasicTracerProvider({
    spanProcessors: [
      {
        onStart: () => {},
        onEnd: (s) => void sample.push(s),
        forceFlush: async () => {},
        shutdown: async () => {},
      },
    ],
  }).getTracer("bench");
  for (let i = 0; i < 1_000; i++) hop(probe, i);
  const encodeCpu = process.cpuUsage();
  for (let k = 0; k < messages / 1_000; k++) {
    for (const s of sample) JSON.stringify(spanRecordOf(s, "bench"));
  }
  const encodeUsed = process.cpuUsage(encodeCpu);
  const encodeUs = ((encodeUsed.user + encodeUsed.system) / (messages * 2)) * 2;

  const spans = 2 * messages * (rounds + 1);
  const stored = await waitFor(async () => {
    const info = await bus.jsm.streams.info(STREAMS.traces.name);
    return info.state.messages > 0 && info.state;
  });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const result = {
    messages,
    rounds,
    spansPerMessage: 2,
    cpuUsPerMessage: {
      storeOff: +median(offUs).toFixed(2),
      storeOn: +median(onUs).toFixed(2),
      overhead: +(median(onUs) - median(offUs)).toFixed(2),
      encodeOnly: +encodeUs.toFixed(2),
    },
    rawRounds: { storeOff: offUs, storeOn: onUs },
    exporter: exporter.stats,
    spansExportedExpected: spans,
    stream: { messages: stored.messages, bytes: stored.bytes },
    bytesPerSpan: Math.round(stored.bytes / Math.max(1, exporter.stats.exported)),
  };
  console.table([
    { case: "store off (recorded, dropped)", "cpu µs/message": result.cpuUsPerMessage.storeOff },
    {
      case: "store on (batched, encoded, published)",
      "cpu µs/message": result.cpuUsPerMessage.storeOn,
    },
    { case: "overhead of the store", "cpu µs/message": result.cpuUsPerMessage.overhead },
    { case: "of which encoding", "cpu µs/message": result.cpuUsPerMessage.encodeOnly },
  ]);
  console.log(
    `exported ${exporter.stats.exported}/${spans} spans in ${exporter.stats.messages} messages, ` +
      `dropped ${JSON.stringify(exporter.stats.dropped)}, ~${result.bytesPerSpan} bytes/span stored`,
  );
  if (values.out) {
    await mkdir(dirname(values.out), { recursive: true });
    await writeFile(values.out, JSON.stringify(result, null, 2));
  }
  await exporter.shutdown();
  await bus.close();
} finally {
  await nats.stop();
}
