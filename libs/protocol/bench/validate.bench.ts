// Throughput of the ingest hot path: parse, schema-check and verify one signed request.
// Run: pnpm exec tsx libs/protocol/bench/validate.bench.ts [--n 3000]
//        [--out bench-results/protocol.json]
// The baseline is plain JSON.parse of the same bytes, measured in the same run.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import {
  canonicalRequestBytes,
  keypairFromSeed,
  parseRequest,
  signRequest,
  verifyRequest,
  type UnsignedRequest,
} from "../src/index.js";

const { values } = parseArgs({
  options: { n: { type: "string", default: "3000" }, out: { type: "string" } },
});
const n = Number(values.n);

const alice = keypairFromSeed(new Uint8Array(32).fill(1));
const bob = keypairFromSeed(new Uint8Array(32).fill(2));
const unsigned: UnsignedRequest<"send_direct"> = {
  v: 1,
  id: "bench-request-000001",
  op: "send_direct",
  ts: 1_767_225_600_000,
  body: {
    to: bob.address,
    content: { text: "x".repeat(200) },
    contentType: "text/plain; charset=utf-8",
  },
};
const signed = signRequest(unsigned, alice);
const bytes = new TextEncoder().encode(JSON.stringify(signed));

function measure(
  name: string,
  fn: () => unknown,
): { name: string; opsPerSec: number; usPerOp: number } {
  for (let i = 0; i < Math.min(200, n); i++) fn();
  const start = performance.now();
  for (let i = 0; i < n; i++) fn();
  const ms = performance.now() - start;
  return {
    name,
    opsPerSec: Math.round((n / ms) * 1000),
    usPerOp: Number(((ms * 1000) / n).toFixed(1)),
  };
}

const rows = [
  measure("JSON.parse (baseline)", () => JSON.parse(new TextDecoder().decode(bytes))),
  measure("parseRequest", () => parseRequest(bytes)),
  measure("canonicalRequestBytes", () => canonicalRequestBytes(signed)),
  measure("verifyRequest", () => verifyRequest(signed)),
  measure("parseRequest + verifyRequest", () => verifyRequest(parseRequest(bytes))),
  measure("signRequest", () => signRequest(unsigned, alice)),
];
const baseline = rows[0]!.opsPerSec;
console.log(`request of ${bytes.length} bytes, ${n} iterations each`);
console.table(
  rows.map((r) => ({ ...r, "x baseline": Number((r.opsPerSec / baseline).toFixed(3)) })),
);
if (values.out) {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(
    values.out,
    `${JSON.stringify({ requestBytes: bytes.length, n, rows }, null, 2)}\n`,
  );
}
