// Delivery latency (confirmed event's `at` -> message received by a WebSocket client) and
// throughput of the subscription service, run as its own process, with N concurrent WebSocket
// subscribers (one agent each) while record.confirmed events are published at a fixed rate, each
// a direct message to one subscriber, round robin; then a channel post fan-out to all N. In the
// same run, a plain core NATS subscriber on the same subject is the latency floor. Prints a table
// and writes JSON with --out. Usage:
//   tsx services/subscription/bench/delivery.bench.ts [--subscribers 100,500,1000] [--rate 1000]
//     [--seconds 5] [--fanout-rate 5] [--out bench-results/subscription.json]
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { headers as natsHeaders } from "@nats-io/transport-node";
import { connectBus, ensureTopology, type Bus } from "@pod/bus";
import {
  buildReady,
  channelId,
  generateKeypair,
  PROTOCOL_VERSION,
  signChallenge,
  signNewRequest,
  subjects,
  toBase58,
  toBase64,
  utf8Bytes,
  type Keypair,
} from "@pod/protocol";
import { freePort, startNats, waitFor } from "@pod/testing";
import WebSocket from "ws";

const { values } = parseArgs({
  options: {
    subscribers: { type: "string", default: "100,500,1000" },
    rate: { type: "string", default: "1000" },
    seconds: { type: "string", default: "5" },
    "fanout-rate": { type: "string", default: "5" },
    out: { type: "string" },
  },
});
const COUNTS = values.subscribers.split(",").map(Number);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const FANOUT_RATE = Number(values["fanout-rate"]);
const CONFIRMED = subjects.event("record", "confirmed");
const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));

interface Row {
  scenario: string;
  subscribers: number;
  ratePerSec: number;
  published: number;
  delivered: number;
  deliveriesPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  natsFloorP50Ms: number;
  natsFloorP99Ms: number;
  rssMiB: number;
  rssPerConnectionKiB: number;
  /** The service's CPU time over the run divided by deliveries: load-independent cost. */
  serviceCpuUsPerDelivery: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** CPU time (user + system) the process used so far, ms. */
const cpuMsOf = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};

/** A confirmed event of a real signed request, as JSON with `at` to fill in at publish time. */
function confirmedTemplate(request: Parameters<typeof buildReady>[0], text: string) {
  const ready = buildReady(request, "inline", {
    compressedContent: toBase64(utf8Bytes(text)),
    contentEncoding: "identity",
  });
  const event = {
    v: PROTOCOL_VERSION,
    requestId: ready.requestId,
    op: ready.op,
    agent: request.agent,
    requestKey: ready.record.requestKey,
    storage: "inline",
    commitment: ready.commitment,
    record: ready.record,
    signature: toBase58(randomBytes(64)),
    slot: 1,
    computeUnits: 1000,
    feeLamports: 5000,
    lamportsPerMessage: 5000,
    bundleSize: 1,
    at: 0,
  };
  const json = JSON.stringify(event);
  return { key: event.requestKey, before: json.slice(0, json.lastIndexOf('"at":0') + 5) };
}

async function publishAt(bus: Bus, t: { key: string; before: string }) {
  const data = `${t.before}${Date.now()}}`;
  const h = natsHeaders();
  h.set("Nats-Msg-Id", `confirmed:${t.key}`);
  return bus.js.publish(CONFIRMED, data, { headers: h });
}

/** Publishes `templates` at `rate` per second (ticks of 10 ms), pubacks awaited per tick. */
async function publishAtRate(bus: Bus, templates: { key: string; before: string }[], rate: number) {
  const start = Date.now();
  let sent = 0;
  while (sent < templates.length) {
    const due = Math.min(templates.length, Math.floor(((Date.now() - start) / 1000) * rate) + 1);
    const batch: Promise<unknown>[] = [];
    while (sent < due) batch.push(publishAt(bus, templates[sent++]!));
    await Promise.all(batch);
    await sleep(10);
  }
  return (Date.now() - start) / 1000;
}

interface Client {
  ws: WebSocket;
  latencies: number[];
}

function connect(url: string, keypair: Keypair, latencies: number[]): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.on("error", reject);
    ws.on("message", (data) => {
      const text = data.toString();
      const received = Date.now();
      if (text.startsWith('{"type":"message"')) {
        // `at` is the event's last field: read it without parsing the whole message.
        const at = Number(/"at":(\d+)}/.exec(text)![1]);
        latencies.push(received - at);
        return;
      }
      const frame = JSON.parse(text) as { type: string; nonce?: string; audience?: string };
      if (frame.type === "challenge") {
        const signature = signChallenge(keypair, frame.nonce!, frame.audience!);
        ws.send(JSON.stringify({ type: "auth", agent: keypair.address, signature }));
      } else if (frame.type === "ready") resolve({ ws, latencies });
      else if (frame.type === "error") reject(new Error(text));
    });
  });
}

async function startService(natsUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const extra = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(" ") : [];
  const child = spawn(process.execPath, [...extra, "--import", "tsx", MAIN], {
    env: {
      ...process.env,
      NATS_URL: natsUrl,
      SERVICE_HTTP_PORT: String(port),
      LOG_LEVEL: "warn",
      SUBSCRIPTION_PROOFS: "false",
      SUBSCRIPTION_MAX_BUFFER_BYTES: String(8 * 1024 * 1024),
      DATA_DIR: `/tmp/pod-sub-bench-${process.pid}`,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200, {
    timeoutMs: 60_000,
    intervalMs: 200,
  });
  return { child, url };
}

const rows: Row[] = [];
const nats = await startNats();
const bus = await connectBus({ servers: nats.url, name: "subscription-bench" });
await ensureTopology(bus.jsm, {});
const { child, url } = await startService(nats.url);
const wsUrl = `${url.replace("http", "ws")}/v1/ws`;
const sender = generateKeypair();

try {
  // Warm-up: the first events pay for lazy module loading and JIT; nobody is connected.
  const nobody = generateKeypair().address;
  await publishAtRate(
    bus,
    Array.from({ length: 500 }, (_, i) =>
      confirmedTemplate(
        signNewRequest(sender, "send_direct", {
          to: nobody,
          content: { text: `warm ${i}` },
          contentType: "text/plain",
        }),
        `warm ${i}`,
      ),
    ),
    500,
  );
  await sleep(1000);

  for (const n of COUNTS) {
    const baseRss = rssOf(child.pid!);
    const keypairs = Array.from({ length: n }, () => generateKeypair());
    const latencies: number[] = [];
    const clients: Client[] = [];
    for (let i = 0; i < n; i += 50) {
      const batch = keypairs.slice(i, i + 50).map((k) => connect(wsUrl, k, latencies));
      clients.push(...(await Promise.all(batch)));
    }
    await sleep(500);
    const connectedRss = rssOf(child.pid!);

    // Direct messages, round robin over the subscribers.
    const total = RATE * SECONDS;
    const templates = Array.from({ length: total }, (_, i) =>
      confirmedTemplate(
        signNewRequest(sender, "send_direct", {
          to: keypairs[i % n]!.address,
          content: { text: `bench message ${i}` },
          contentType: "text/plain",
        }),
        `bench message ${i}`,
      ),
    );
    const floor: number[] = [];
    const sub = bus.nc.subscribe(CONFIRMED, {
      callback: (_e, msg) => {
        const at = Number(/"at":(\d+)}/.exec(msg.string())![1]);
        floor.push(Date.now() - at);
      },
    });
    const started = Date.now();
    const cpu1 = cpuMsOf(child.pid!);
    await publishAtRate(bus, templates, RATE);
    await waitFor(() => latencies.length >= total, { timeoutMs: 60_000 }).catch(() => undefined);
    const elapsed = (Date.now() - started) / 1000;
    const rssDuring = rssOf(child.pid!);
    sub.unsubscribe();
    rows.push(
      row(
        "direct",
        n,
        RATE,
        total,
        latencies,
        floor,
        elapsed,
        rssDuring,
        baseRss,
        connectedRss,
        cpuMsOf(child.pid!) - cpu1,
      ),
    );

    // One channel all subscribers joined: each post goes to all n.
    const name = `bench-${n}-${Date.now()}`;
    const channel = channelId(name);
    await publishDirectRecords(bus, [
      signNewRequest(sender, "create_channel", {
        name,
        visibility: "public",
        maxParticipants: 10_000,
      }),
      ...keypairs.map((k) => signNewRequest(k, "join_channel", { channel })),
    ]);
    await sleep(500);
    latencies.length = 0;
    const floor2: number[] = [];
    const sub2 = bus.nc.subscribe(CONFIRMED, {
      callback: (_e, msg) => {
        const at = Number(/"at":(\d+)}/.exec(msg.string())![1]);
        floor2.push(Date.now() - at);
      },
    });
    const posts = FANOUT_RATE * SECONDS;
    const postTemplates = Array.from({ length: posts }, (_, i) =>
      confirmedTemplate(
        signNewRequest(sender, "post_channel", {
          channel,
          content: { text: `post ${i}` },
          contentType: "text/plain",
        }),
        `post ${i}`,
      ),
    );
    const started2 = Date.now();
    const cpu2 = cpuMsOf(child.pid!);
    await publishAtRate(bus, postTemplates, FANOUT_RATE);
    await waitFor(() => latencies.length >= posts * n, { timeoutMs: 60_000 }).catch(
      () => undefined,
    );
    const elapsed2 = (Date.now() - started2) / 1000;
    const rss2 = rssOf(child.pid!);
    sub2.unsubscribe();
    rows.push(
      row(
        "channel fan-out",
        n,
        FANOUT_RATE,
        posts * n,
        latencies,
        floor2,
        elapsed2,
        rss2,
        baseRss,
        connectedRss,
        cpuMsOf(child.pid!) - cpu2,
      ),
    );

    for (const c of clients) c.ws.terminate();
    await sleep(1000);
  }
} finally {
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  await bus.close();
  await nats.stop();
}

/** Confirmed events of state operations (create/join) published at once, pubacks awaited. */
async function publishDirectRecords(b: Bus, requests: Parameters<typeof buildReady>[0][]) {
  for (let i = 0; i < requests.length; i += 200) {
    await Promise.all(
      requests.slice(i, i + 200).map((request) => {
        const ready = buildReady(request, "direct");
        const event = {
          v: PROTOCOL_VERSION,
          requestId: ready.requestId,
          op: ready.op,
          agent: request.agent,
          requestKey: ready.record.requestKey,
          storage: "direct",
          commitment: ready.commitment,
          record: ready.record,
          signature: toBase58(randomBytes(64)),
          slot: 1,
          computeUnits: 1000,
          feeLamports: 5000,
          lamportsPerMessage: 5000,
          bundleSize: 1,
          at: Date.now(),
        };
        const h = natsHeaders();
        h.set("Nats-Msg-Id", `confirmed:${event.requestKey}`);
        return b.js.publish(CONFIRMED, JSON.stringify(event), { headers: h });
      }),
    );
  }
}

function row(
  scenario: string,
  n: number,
  rate: number,
  expected: number,
  latencies: number[],
  floor: number[],
  elapsed: number,
  rss: number,
  baseRss: number,
  connectedRss: number,
  cpuMs: number,
): Row {
  const sorted = [...latencies].sort((a, b) => a - b);
  const floorSorted = [...floor].sort((a, b) => a - b);
  if (latencies.length < expected) {
    console.error(`${scenario} n=${n}: only ${latencies.length} of ${expected} delivered`);
  }
  return {
    scenario,
    subscribers: n,
    ratePerSec: rate,
    published: scenario === "direct" ? expected : expected / n,
    delivered: latencies.length,
    deliveriesPerSec: Math.round(latencies.length / elapsed),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? NaN,
    natsFloorP50Ms: percentile(floorSorted, 0.5),
    natsFloorP99Ms: percentile(floorSorted, 0.99),
    rssMiB: Math.round(rss),
    rssPerConnectionKiB: Math.round(((connectedRss - baseRss) * 1024) / n),
    serviceCpuUsPerDelivery: Math.round((cpuMs * 1000) / Math.max(1, latencies.length)),
  };
}

console.table(rows);
if (values.out) {
  await writeFile(
    values.out,
    JSON.stringify({ at: new Date().toISOString(), secondsPerRun: SECONDS, rows }, null, 2),
  );
  console.log(`wrote ${values.out}`);
}
