// Throughput of compression's handler without the broker: decode the AcceptedPayload, choose
// class and encoding, build and encode the output (planDelivery), beside a baseline of just
// JSON.parse + buildReady of the same bytes, measured in the same run.
// Run: pnpm exec tsx services/compression/bench/handler.bench.ts [--ms 500]
//        [--out bench-results/compression.json]
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { encodePayload } from "@pod/bus";
import {
  buildReady,
  contentBytesOf,
  subjects,
  toBase64,
  utf8Bytes,
  type AcceptedPayload,
  type SignedRequest,
} from "@pod/protocol";
import { brotli, PROBE_QUALITY } from "../src/content-encoding.js";
import { planDelivery, type Policy } from "../src/index.js";
import {
  accepted,
  channelMessage,
  directMessage,
  noise,
  requestOf,
} from "../test/support/requests.js";

const { values } = parseArgs({
  options: { ms: { type: "string", default: "500" }, out: { type: "string" } },
});
const budgetMs = Number(values.ms);
const ROUNDS = 5;

const DEFAULT_POLICY: Policy = {
  directForExpiring: true,
  defaultClass: "compressed",
  inlineMaxBase64: 320,
  brotliQuality: 9,
};

const VOCABULARY = (
  "the a an agent task result report deploy check failed passed retry node cluster staging " +
  "release notes load test numbers look off fixed rerun green ping me if when after before " +
  "tomorrow today channel message proof commit block slot fee payer relayer signature hash " +
  "queue stream consumer latency throughput error warning budget owner review merge branch"
).split(" ");

/** Prose with a 70-word vocabulary, numbers and punctuation: about what agents write. */
function sentences(n: number): string {
  let seed = 12_345;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  let s = "";
  while (s.length < n) {
    const word = VOCABULARY[Math.floor(next() * VOCABULARY.length)]!;
    const r = next();
    if (r < 0.05) s += `${Math.floor(next() * 10_000)} `;
    else if (r < 0.12) s += `${word}. `;
    else if (r < 0.18) s += `${word}, `;
    else s += `${word} `;
  }
  return s.slice(0, n);
}

function json(n: number): string {
  const items = [];
  for (let i = 0; JSON.stringify(items).length < n; i++) {
    items.push({ id: i, status: ["ok", "retry", "failed"][i % 3], score: (i * 7919) % 1000 });
  }
  return JSON.stringify(items).slice(0, n);
}

const workloads: { name: string; request: SignedRequest }[] = [
  { name: "register_agent", request: requestOf("register_agent") },
  { name: "mark_message", request: requestOf("mark_message") },
  {
    name: "post_channel 34 B text",
    request: channelMessage({ text: "status: done, see the report" + "!".repeat(6) }),
  },
  { name: "post_channel 300 B prose", request: channelMessage({ text: sentences(300) }) },
  { name: "send_direct 1 KiB JSON", request: directMessage({ text: json(1_024) }) },
  { name: "post_channel 4 KiB JSON", request: channelMessage({ text: json(4_096) }) },
  {
    name: "post_channel 16 KiB noise",
    request: channelMessage({ bytes: toBase64(noise(16_384)) }),
  },
  { name: "send_direct 64 KiB prose", request: directMessage({ text: sentences(65_536) }) },
];

/**
 * Records/s of each of `fns`, measured in interleaved rounds and reported as the median
 * round: on a shared machine a burst of load then hits every variant, not just one.
 */
function measureAll(fns: (() => unknown)[]): { perSec: number; usPerOp: number }[] {
  for (const fn of fns) for (let i = 0; i < 20; i++) fn();
  const rates: number[][] = fns.map(() => []);
  const slice = budgetMs / ROUNDS;
  for (let round = 0; round < ROUNDS; round++) {
    fns.forEach((fn, i) => {
      let n = 0;
      const start = performance.now();
      let elapsed = 0;
      while (elapsed < slice || n < 5) {
        fn();
        n += 1;
        elapsed = performance.now() - start;
      }
      rates[i]!.push((n / elapsed) * 1000);
    });
  }
  return rates.map((r) => {
    const median = r.sort((a, b) => a - b)[Math.floor(r.length / 2)]!;
    return { perSec: Math.round(median), usPerOp: Number((1e6 / median).toFixed(1)) };
  });
}

/** The least any stage must do: parse the bytes and build (and validate) a ready record. */
function baseline(bytes: Uint8Array) {
  const payload = JSON.parse(new TextDecoder().decode(bytes)) as AcceptedPayload;
  const request = payload.request;
  if (request.op !== "send_direct" && request.op !== "post_channel") {
    return buildReady(request, "direct");
  }
  const raw = contentBytesOf(request.body.content);
  return buildReady(request, "inline", {
    compressedContent: toBase64(raw),
    contentEncoding: "identity",
  });
}

interface Row {
  workload: string;
  run: string;
  perSec: number;
  usPerOp: number;
  x: number;
  route?: string;
  content?: string;
}

const rows: Row[] = [];
for (const { name, request } of workloads) {
  const bytes = encodePayload(accepted(request));
  const subject = subjects.pipeline("accepted", request.op);
  const message = request.op === "send_direct" || request.op === "post_channel";
  const policies = (message ? [5, 9, 11] : [9]).map((brotliQuality) => ({
    ...DEFAULT_POLICY,
    brotliQuality,
  }));
  const [base, ...runs] = measureAll([
    () => baseline(bytes),
    ...policies.map((policy) => () => planDelivery(subject, bytes, policy)),
  ]);
  rows.push({ workload: name, run: "JSON.parse + buildReady (baseline)", ...base!, x: 1 });
  policies.forEach((policy, i) => {
    const { decision } = planDelivery(subject, bytes, policy);
    const c = decision.content;
    const q = policy.brotliQuality;
    rows.push({
      workload: name,
      run: `planDelivery q${q}${q === DEFAULT_POLICY.brotliQuality ? " (default)" : ""}`,
      ...runs[i]!,
      x: Number((runs[i]!.perSec / base!.perSec).toFixed(3)),
      route: `${decision.route}/${decision.storage}`,
      content: c ? `${c.encoding} ${c.rawBytes} -> ${c.encodedBytes} B` : "",
    });
  });
}

console.log(
  `records/s on one core, median of ${ROUNDS} interleaved rounds (${budgetMs} ms per row); ` +
    "x = records/s over the baseline",
);
console.table(
  rows.map((r) => ({
    workload: r.workload,
    run: r.run,
    "records/s": r.perSec,
    "us/record": r.usPerOp,
    "x baseline": r.x,
    route: r.route ?? "",
    content: r.content ?? "",
  })),
);

// How much the final pass gains over the probe: PROBE_MARGIN rests on these ratios.
const corpus: [string, Uint8Array][] = [
  ["prose 100 B", utf8Bytes(sentences(100))],
  ["prose 600 B", utf8Bytes(sentences(600))],
  ["prose 2 KiB", utf8Bytes(sentences(2_048))],
  ["prose 64 KiB", utf8Bytes(sentences(65_536))],
  ["JSON 500 B", utf8Bytes(json(500))],
  ["JSON 4 KiB", utf8Bytes(json(4_096))],
];
const sizes = corpus.map(([content, raw]) => {
  const at = (q: number) => brotli(raw, q, "text").length;
  const probe = at(PROBE_QUALITY);
  return {
    content,
    raw: raw.length,
    q5: probe,
    q9: at(9),
    q11: at(11),
    "q11/q5": Number((at(11) / probe).toFixed(3)),
  };
});
console.log("brotli bytes by quality (fitted window)");
console.table(sizes);

if (values.out) {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(
    values.out,
    `${JSON.stringify({ budgetMs, rounds: ROUNDS, rows, sizes }, null, 2)}\n`,
  );
}
