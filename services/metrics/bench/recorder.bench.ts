// Cost of measuring: lifecycle events recorded per second by one metrics process (schema
// decode, request join, OpenTelemetry instruments, rolling windows), beside a baseline of
// plain JSON.parse of the same bytes in the same run; and the time to build a summary over
// full windows.
// Run: pnpm exec tsx services/metrics/bench/recorder.bench.ts [--requests 20000]
//        [--out bench-results/metrics.json]
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import type { Delivery } from "@pod/bus";
import {
  buildReady,
  generateKeypair,
  PROTOCOL_VERSION,
  requestKeyOf,
  signNewRequest,
  subjects,
  toBase58,
  utf8Bytes,
  type RecordConfirmedEvent,
  type RequestAcceptedEvent,
} from "@pod/protocol";
import { createLogger, startTelemetry } from "@pod/runtime";
import { RecentFigures } from "../src/figures/recent-figures.js";
import { createInstruments, LabelCap } from "../src/instruments.js";
import type { JetStreamPoller } from "../src/jetstream-poller.js";
import { lifecycleRecorder } from "../src/lifecycle-events.js";
import { RequestJoin, SeenTransactions } from "../src/request-join.js";
import { buildSummary } from "../src/summary.js";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "20000" }, out: { type: "string" } },
});
const requests = Number(values.requests);
const log = createLogger({ service: "metrics-bench", instanceId: "bench", level: "warn" });
const telemetry = startTelemetry({ service: "metrics-bench", instanceId: "bench", log });

/** Two events per request (accepted, confirmed), spread over the last 10 minutes. */
function events(): { subject: string; data: Uint8Array; msgId: string }[] {
  const sender = generateKeypair();
  const recipient = generateKeypair().address;
  const now = Date.now();
  const out: { subject: string; data: Uint8Array; msgId: string }[] = [];
  let signature = "";
  for (let i = 0; i < requests; i++) {
    const ts = now - 600_000 + Math.floor((i / requests) * 590_000);
    const request = signNewRequest(
      sender,
      "send_direct",
      { to: recipient, content: { text: `message ${i}` }, contentType: "text/plain" },
      { ts },
    );
    const key = requestKeyOf(request);
    const ready = buildReady(request, "compressed", {
      compressedContent: Buffer.from(`message ${i}`).toString("base64"),
      contentEncoding: "identity",
    });
    if (i % 5 === 0) signature = toBase58(crypto.getRandomValues(new Uint8Array(64)));
    const accepted: RequestAcceptedEvent = {
      v: PROTOCOL_VERSION,
      requestId: request.id,
      op: "send_direct",
      agent: sender.address,
      at: ts + 5,
    };
    const confirmed = {
      v: PROTOCOL_VERSION,
      requestId: request.id,
      agent: sender.address,
      requestKey: key,
      storage: "compressed",
      commitment: ready.commitment,
      signature,
      slot: 1000 + i,
      computeUnits: 60_000 + (i % 7) * 1_000,
      feeLamports: 5_000,
      lamportsPerMessage: 1_000 + (i % 5),
      bundleSize: 5,
      at: ts + 400 + (i % 100) * 10,
      op: "send_direct",
      record: ready.record,
    } as RecordConfirmedEvent;
    out.push({
      subject: subjects.event("request", "accepted"),
      data: utf8Bytes(JSON.stringify(accepted)),
      msgId: `accepted:${key}`,
    });
    out.push({
      subject: subjects.event("record", "confirmed"),
      data: utf8Bytes(JSON.stringify(confirmed)),
      msgId: `confirmed:${key}`,
    });
  }
  return out;
}

const input = events();
const deliveries = input.map((e, i) => ({ ...e, streamSequence: i + 1 }) as unknown as Delivery);

const t0 = performance.now();
let parsed = 0;
for (const d of deliveries) parsed += JSON.parse(new TextDecoder().decode(d.data)) ? 1 : 0;
const baselineMs = performance.now() - t0;

const figures = new RecentFigures();
const record = lifecycleRecorder({
  instruments: createInstruments(telemetry.meter),
  figures,
  join: new RequestJoin({ capacity: 100_000, ttlMs: 900_000 }),
  transactions: new SeenTransactions(20_000),
  failureCodes: new LabelCap(50),
  log,
});
const t1 = performance.now();
for (const d of deliveries) record(d);
const recordMs = performance.now() - t1;
if (figures.totals.confirmed !== requests) throw new Error("not every confirmation was measured");

const poller = { lag: [], lagPolledAt: null, dlq: { total: 0, byService: {} }, dlqPolledAt: null };
const builds = 20;
const t2 = performance.now();
for (let i = 0; i < builds; i++) {
  buildSummary(
    {
      service: "metrics",
      instanceId: "bench",
      startedAt: 0,
      figures,
      poller: poller as unknown as JetStreamPoller,
    },
    Date.now(),
  );
}
const summaryMs = (performance.now() - t2) / builds;
await telemetry.shutdown(1_000);

const result = {
  events: deliveries.length,
  baseline_json_parse_per_s: Math.round(parsed / (baselineMs / 1000)),
  recorded_per_s: Math.round(deliveries.length / (recordMs / 1000)),
  ratio_to_baseline: Number((baselineMs / recordMs).toFixed(3)),
  summary_build_ms: Number(summaryMs.toFixed(2)),
  rss_mib: Math.round(process.memoryUsage().rss / 2 ** 20),
};
console.table(result);
if (values.out) {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, JSON.stringify(result, null, 2));
}
