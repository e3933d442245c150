// Publish and consume throughput of @pod/bus against plain nats.js on the same broker, same
// run. Usage: tsx libs/bus/bench/throughput.ts [--messages 20000] [--concurrency 64]
// [--out bench-results/bus.json]
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { STREAMS, subjects } from "@pod/protocol";
import { startNats, waitFor } from "@pod/testing";
import { connectBus, consume, consumerSpec, ensureTopology, publish } from "../src/index.js";

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "20000" },
    batch: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "64" },
    out: { type: "string" },
  },
});
const total = Number(values.messages);
const batch = Number(values.batch);
const concurrency = Number(values.concurrency);
const body = { agent: "A".repeat(44), text: "hello from the benchmark", n: 0 };

interface Row {
  case: string;
  messages: number;
  seconds: number;
  msgPerSec: number;
}
const rows: Row[] = [];
const time = async (name: string, fn: () => Promise<void>) => {
  const start = process.hrtime.bigint();
  await fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  rows.push({ case: name, messages: total, seconds, msgPerSec: Math.round(total / seconds) });
};

const nats = await startNats();
try {
  const bus = await connectBus({ ...nats.connectionOptions(), name: "bench" });
  await ensureTopology(bus.jsm);
  const raw = await connect(nats.connectionOptions());
  const js = jetstream(raw);
  const jsm = await jetstreamManager(raw);
  const encoder = new TextEncoder();
  const spec = consumerSpec("compression");
  const subject = subjects.pipeline("accepted", "send_direct");

  await time("baseline: nats.js publish, msgID, PubAcks awaited per batch", async () => {
    for (let i = 0; i < total; i += batch) {
      const acks = [];
      for (let j = i; j < Math.min(i + batch, total); j++) {
        acks.push(
          js.publish(subject, encoder.encode(JSON.stringify({ ...body, n: j })), {
            msgID: `raw-${j}`,
          }),
        );
      }
      await Promise.all(acks);
    }
  });
  await time("baseline: nats.js consume, ack()", async () => {
    const c = await js.consumers.get(spec.stream, spec.durable);
    const messages = await c.consume({ max_messages: 256 });
    let n = 0;
    for await (const m of messages) {
      m.ack();
      if (++n === total) break;
    }
  });
  await waitFor(async () => (await jsm.streams.info(STREAMS.pipeline.name)).state.messages === 0);

  // Same guarantee as the bus (ack confirmed by the server), without the bus around it.
  for (let i = 0; i < total; i += batch) {
    const acks = [];
    for (let j = i; j < Math.min(i + batch, total); j++) {
      acks.push(
        js.publish(subject, encoder.encode(JSON.stringify({ ...body, n: j })), {
          msgID: `raw2-${j}`,
        }),
      );
    }
    await Promise.all(acks);
  }
  await time(`baseline: nats.js consume, ackAck(), ${concurrency} concurrent`, async () => {
    const c = await js.consumers.get(spec.stream, spec.durable);
    const messages = await c.consume({ max_messages: concurrency });
    const inFlight = new Set<Promise<unknown>>();
    let n = 0;
    for await (const m of messages) {
      const p = m.ackAck().finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
      if (++n === total) break;
    }
    await Promise.all(inFlight);
  });
  await waitFor(async () => (await jsm.streams.info(STREAMS.pipeline.name)).state.messages === 0);

  await time("@pod/bus publish (span + trace headers), awaited per batch", async () => {
    for (let i = 0; i < total; i += batch) {
      const acks = [];
      for (let j = i; j < Math.min(i + batch, total); j++) {
        acks.push(publish(bus, subject, { ...body, n: j }, { msgId: `bus-${j}` }));
      }
      await Promise.all(acks);
    }
  });
  await time(`@pod/bus consume, concurrency ${concurrency}, ackAck`, async () => {
    let n = 0;
    const consumer = await consume(bus, {
      service: "compression",
      concurrency,
      handler: async () => {
        n++;
      },
    });
    await waitFor(() => n >= total, { timeoutMs: 600_000, intervalMs: 5 });
    await consumer.stop();
  });

  console.table(rows.map((r) => ({ ...r, seconds: r.seconds.toFixed(2) })));
  if (values.out) {
    await mkdir(dirname(values.out), { recursive: true });
    const env = { node: process.version, server: raw.info?.version, at: new Date().toISOString() };
    await writeFile(values.out, JSON.stringify({ env, rows }, null, 2));
  }
  await raw.close();
  await bus.close();
} finally {
  await nats.stop();
}
