// Throughput of the ingest service: requests accepted per second by one in-process instance
// on a local nats-server (every check, KV round trip and publish included), beside the
// baseline of plain parse + verify of the same requests in the same run.
// Run: pnpm exec tsx services/ingest/bench/ingest.bench.ts [--requests 10000]
//        [--agents 200] [--concurrency 256] [--out bench-results/ingest.json]
// Two cases: "backlog" (the requests wait in the stream, then ingest starts and drains them)
// and "live" (a publisher keeps publishing while ingest consumes; both share this process).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { connectBus, ensureTopology, publish, type Bus } from "@pod/bus";
import {
  generateKeypair,
  newRequestId,
  parseRequest,
  PROTOCOL_VERSION,
  requestKeyOf,
  signRequest,
  STREAMS,
  subjects,
  verifyRequest,
  type Keypair,
  type UnsignedRequest,
} from "@pod/protocol";
import { startService } from "@pod/runtime";
import { startNats } from "@pod/testing";
import { AgentDirectory } from "../src/agent-directory.js";
import { openBuckets } from "../src/kv-buckets.js";
import { ingestService } from "../src/service.js";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "10000" },
    agents: { type: "string", default: "200" },
    concurrency: { type: "string", default: "256" },
    workers: { type: "string", default: "1" },
    out: { type: "string" },
    /** Writes a CPU profile of the backlog case to this file (for chrome://inspect). */
    profile: { type: "string" },
  },
});
const total = Number(values.requests);
const agentCount = Number(values.agents);
const concurrency = values.concurrency!;

interface Row {
  case: string;
  requests: number;
  seconds: number;
  reqPerSec: number;
  /** CPU time of this process per request: steadier than wall time on a shared machine. */
  cpuUsPerReq: number;
  /** CPU time of this process's main thread per request (Linux per-thread accounting). */
  mainUsPerReq: number;
  /** CPU time of the nats-server per request, when it is a local child we can see. */
  serverCpuUsPerReq?: number;
}

/** The local nats-server listening on `port`, found by its command line. */
function serverPid(port: number): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (argv[0]?.endsWith("nats-server") && argv.includes(String(port))) return Number(entry);
    } catch {
      // gone already
    }
  }
  return undefined;
}

/** utime + stime of `pid` (or of its thread `tid`) in microseconds (clock ticks of 10 ms). */
function cpuOf(pid: number | undefined, tid?: number): number | undefined {
  if (pid === undefined) return undefined;
  const path = tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`;
  const fields = readFileSync(path, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

let server: number | undefined;

/** Runs `fn` and the row of its wall and CPU time over `n` requests. */
async function timed(name: string, n: number, fn: () => Promise<void> | void): Promise<Row> {
  const cpu = process.cpuUsage();
  const mainBefore = cpuOf(process.pid, process.pid);
  const serverBefore = cpuOf(server);
  const start = performance.now();
  await fn();
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const mainAfter = cpuOf(process.pid, process.pid);
  const serverAfter = cpuOf(server);
  const row: Row = {
    case: name,
    requests: n,
    seconds,
    reqPerSec: Math.round(n / seconds),
    cpuUsPerReq: Math.round((used.user + used.system) / n),
    mainUsPerReq: Math.round((mainAfter! - mainBefore!) / n),
  };
  if (serverBefore !== undefined && serverAfter !== undefined) {
    row.serverCpuUsPerReq = Math.round((serverAfter - serverBefore) / n);
  }
  return row;
}

const encoder = new TextEncoder();
const recipient = generateKeypair().address;

function makeRequests(agents: Keypair[], n: number): { key: string; bytes: Uint8Array }[] {
  return Array.from({ length: n }, (_, i) => {
    const unsigned: UnsignedRequest<"send_direct"> = {
      v: PROTOCOL_VERSION,
      id: newRequestId(),
      op: "send_direct",
      ts: Date.now(),
      body: {
        to: recipient,
        content: { text: `message ${i} `.padEnd(200, "x") },
        contentType: "text/plain; charset=utf-8",
      },
    };
    const request = signRequest(unsigned, agents[i % agents.length]!);
    return { key: requestKeyOf(request), bytes: encoder.encode(JSON.stringify(request)) };
  });
}

async function publishAll(bus: Bus, batch: { key: string; bytes: Uint8Array }[]) {
  const subject = subjects.ingest("send_direct");
  for (let i = 0; i < batch.length; i += 500) {
    await Promise.all(
      batch.slice(i, i + 500).map((r) => publish(bus, subject, r.bytes, { msgId: r.key })),
    );
  }
}

async function acceptedSoFar(bus: Bus): Promise<number> {
  return (await bus.jsm.streams.info(STREAMS.pipeline.name)).state.messages;
}

async function until(bus: Bus, count: number): Promise<void> {
  while ((await acceptedSoFar(bus)) < count) await new Promise((r) => setTimeout(r, 20));
}

const rows: Row[] = [];
const agents = Array.from({ length: agentCount }, () => generateKeypair());
const backlog = makeRequests(agents, total);
const live = makeRequests(agents, total);
// Run through once before timing, so that the JIT has compiled the hot path.
const warmup = makeRequests(agents, Math.min(2_000, total));

// Baseline: what one core does with the same bytes and no I/O at all. Measured before and
// after the service runs, and the faster kept, so a noisy neighbour hurts it least.
const baseline = () =>
  timed("baseline: parseRequest + verifyRequest, no I/O", total, () => {
    for (const r of backlog) verifyRequest(parseRequest(r.bytes, { op: "send_direct" }));
  });
const baselineBefore = await baseline();

const nats = await startNats();
server = serverPid(nats.port);
try {
  const bus = await connectBus({ ...nats.connectionOptions(), name: "ingest-bench" });
  await ensureTopology(bus.jsm);
  const buckets = await openBuckets(bus, { maxClockSkewMs: 300_000, ratePerSec: 1, burst: 1 });
  const directory = new AgentDirectory(buckets.agents, 0);
  const at = Date.now();
  await Promise.all(
    agents.map((a) =>
      directory.learn(a.address, {
        requestKey: requestKeyOf({ agent: a.address, id: newRequestId() }),
        signature: "1".repeat(64),
        slot: 1,
        at,
      }),
    ),
  );
  const start = () =>
    startService(ingestService, {
      env: {
        NATS_URL: nats.url,
        SERVICE_HTTP_PORT: "0",
        LOG_LEVEL: "silent",
        INGEST_RATE_PER_SEC: "1000000",
        INGEST_RATE_BURST: "1000000",
        INGEST_CONCURRENCY: concurrency,
        INGEST_CHECK_WORKERS: values.workers!,
      },
      logDestination: { write: () => undefined },
    });
  // A first instance runs the warm-up and stops; compiled code stays with this process.
  await publishAll(bus, warmup);
  const warm = await start();
  await until(bus, warmup.length);
  await warm.stop("warmed up");
  await publishAll(bus, backlog);
  const service = await start();
  const session = values.profile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }
  rows.push(
    await timed(
      `ingest, backlog drained (concurrency ${concurrency}, ${values.workers} check workers)`,
      total,
      () => until(bus, warmup.length + total),
    ),
  );
  if (session) {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(values.profile!, JSON.stringify(profile));
    session.disconnect();
  }
  rows.push(
    await timed("ingest, live: published and accepted in the same run", total, async () => {
      await publishAll(bus, live);
      await until(bus, warmup.length + 2 * total);
    }),
  );

  await service.stop("bench over");
  await bus.close();
} finally {
  await nats.stop();
  server = undefined;
}

const baselineAfter = await baseline();
rows.unshift(baselineBefore.reqPerSec >= baselineAfter.reqPerSec ? baselineBefore : baselineAfter);
const reference = rows[0]!.reqPerSec;
// What two idle cores would carry at these costs: the service's main thread is at most one
// core, and the process (check workers included) and the broker share the two.
const backlogRow = rows[1]!;
const capacity =
  backlogRow.serverCpuUsPerReq === undefined
    ? undefined
    : Math.round(
        Math.min(
          1e6 / backlogRow.mainUsPerReq,
          2e6 / (backlogRow.cpuUsPerReq + backlogRow.serverCpuUsPerReq),
        ),
      );
console.log(
  `${total} send_direct requests of ${backlog[0]!.bytes.length} bytes, ${agentCount} agents`,
);
console.table(
  rows.map((r) => ({
    ...r,
    seconds: Number(r.seconds.toFixed(2)),
    "x baseline": Number((r.reqPerSec / reference).toFixed(3)),
  })),
);
if (capacity !== undefined) {
  console.log(`estimated capacity on 2 idle cores from the backlog CPU costs: ${capacity} req/s`);
}
if (values.out) {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(
    values.out,
    `${JSON.stringify({ requests: total, agents: agentCount, rows, capacity }, null, 2)}\n`,
  );
}
