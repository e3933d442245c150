import { TRACE_ATTR } from "@pod/runtime";
import { describe, expect, it } from "vitest";
import {
  KEY_ATTRIBUTES,
  REQUEST_KEY_ATTRIBUTE,
  renderWaterfall,
  type TraceSpan,
} from "../src/index.js";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
const T0 = 1_700_000_000_000n * 1_000_000n;
const SIG =
  "5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW";

function span(
  id: string,
  parent: string | undefined,
  service: string,
  name: string,
  startMs: number,
  durationMs: number,
  attributes: TraceSpan["attributes"] = {},
  status: TraceSpan["status"] = { code: "unset" },
): TraceSpan {
  return {
    traceId: TRACE,
    spanId: id.padEnd(16, "0"),
    ...(parent ? { parentSpanId: parent.padEnd(16, "0") } : {}),
    name,
    kind: "internal",
    service,
    scope: "test",
    startTimeUnixNano: (T0 + BigInt(startMs * 1_000_000)).toString(),
    endTimeUnixNano: (T0 + BigInt((startMs + durationMs) * 1_000_000)).toString(),
    attributes,
    status,
    events: [],
  };
}

const KEY = "8Yp2vUGrAaPpGLT9cBoW1nV2gx6cKTpCQXzv4ZoTzYkM";
const spans: TraceSpan[] = [
  // Given out of order: the renderer orders by tree and start time.
  span("c", "b", "ingest", "send pod.pipeline.accepted.send_direct", 10, 5, {
    [REQUEST_KEY_ATTRIBUTE]: KEY,
  }),
  span("a", undefined, "agent", "send pod.ingest.send_direct", 0, 4),
  span("b", "a", "ingest", "process pod.ingest.send_direct", 5, 12),
  span("d", "c", "tx-bundler", "process pod.pipeline.ready.send_direct", 20, 80),
  span("e", "d", "tx-bundler", "confirm", 40, 60, {
    "solana.tx.signature": SIG,
    "solana.slot": 1234,
    "solana.compute_units": 42_100,
    "solana.fee_lamports": 5_000,
    "pod.bundle.size": 3,
  }),
  span("f", "zz", "subscription", "deliver pod.events.record.confirmed", 100, 0.2),
  span("g", "d", "tx-bundler", "sign", 30, 2, {}, { code: "error", message: "boom" }),
];

describe("renderWaterfall", () => {
  it("waterfall - spans in tree order by parent and start, indented under their parents, orphans under the root", () => {
    const out = renderWaterfall(spans, { width: 120 });
    const names = [
      "send pod.ingest.send_direct",
      "process pod.ingest.send_direct",
      "send pod.pipeline.accepted.send_direct",
      "process pod.pipeline.ready.send_direct",
      "sign",
      "confirm",
      "deliver pod.events.record.confirmed",
    ];
    const lines = out.split("\n");
    const at = names.map((n) => lines.findIndex((l) => l.includes(n)));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    const indent = (n: string) => lines[at[names.indexOf(n)]!]!.indexOf(n);
    expect(indent("process pod.ingest.send_direct")).toBeGreaterThan(
      indent("send pod.ingest.send_direct"),
    );
    expect(indent("confirm")).toBeGreaterThan(indent("process pod.pipeline.ready.send_direct"));
    // The subscription's span has a parent that is not stored: it hangs under the root.
    expect(lines[at[6]!]).toMatch(/└ \* deliver/);
    expect(out).toContain("* parent span not in the store (1)");
    expect(lines[0]).toBe(`trace ${TRACE} · 7 spans · 4 services · 100 ms`);
    expect(lines[1]).toBe(`request ${KEY}`);
  });

  it("waterfall - offset, duration, service and a bar scaled to the trace on each line, within the width", () => {
    const width = 100;
    const out = renderWaterfall(spans, { width });
    for (const line of out.split("\n")) expect(line.length).toBeLessThanOrEqual(width);
    const confirm = out.split("\n").find((l) => /\bconfirm\b/.test(l) && l.includes("█"))!;
    expect(confirm).toMatch(/^\s+40\.0 ms\s+60\.0 ms\s+tx-bundler /);
    const bar = (line: string) => {
      const first = line.indexOf("█");
      return { from: first, length: line.lastIndexOf("█") - first + 1 };
    };
    const root = out.split("\n").find((l) => l.includes("send pod.ingest.send_direct"))!;
    const deliver = out.split("\n").find((l) => l.includes("deliver"))!;
    // 60 of 100 ms: three fifths of the bar column; starting at 40% of it.
    const c = bar(confirm);
    const r = bar(root);
    expect(c.length).toBeGreaterThan(r.length * 5);
    expect(c.from).toBeGreaterThan(r.from);
    // A span of 0.2 ms still shows one cell, at the end.
    expect(bar(deliver).length).toBe(1);
    expect(bar(deliver).from).toBeGreaterThanOrEqual(c.from + c.length - 1);
  });

  it("waterfall - key attributes under their span (signature, slot, CU, fee, bundle); errors marked with their message", () => {
    const wide = renderWaterfall(spans, { width: 200 });
    expect(wide).toContain(`sig ${SIG} · slot 1234 · CU 42,100 · fee 5,000 lamports · bundle 3`);
    const narrow = renderWaterfall(spans, { width: 80 });
    expect(narrow).toContain(`sig ${SIG.slice(0, 6)}…${SIG.slice(-6)} · slot 1234`);
    expect(narrow).toMatch(/✗ sign/);
    expect(narrow).toContain("boom");
  });

  it("waterfall - colour only when asked for", () => {
    const ESC = String.fromCharCode(27);
    expect(renderWaterfall(spans, { width: 100 })).not.toContain(`${ESC}[`);
    expect(renderWaterfall(spans, { width: 100, color: true })).toContain(`${ESC}[31m`);
    expect(renderWaterfall([], {})).toBe("no spans");
  });

  it("waterfall - the attribute names shown are the ones the services set", () => {
    const shown = new Set(KEY_ATTRIBUTES.map((k) => k.name));
    for (const name of [
      TRACE_ATTR.txSignature,
      TRACE_ATTR.slot,
      TRACE_ATTR.computeUnits,
      TRACE_ATTR.feeLamports,
      TRACE_ATTR.bundleSize,
      TRACE_ATTR.attempt,
      TRACE_ATTR.ipfsCid,
      TRACE_ATTR.ipfsBytes,
    ]) {
      expect(shown.has(name), name).toBe(true);
    }
    expect(REQUEST_KEY_ATTRIBUTE).toBe(TRACE_ATTR.requestKey);
  });
});
