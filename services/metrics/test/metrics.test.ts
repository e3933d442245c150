import { copyFile, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { publish } from "@pod/bus";
import { fetchSummary, renderTop, formatNumber, type Summary } from "@pod/dashboard";
import { STREAMS, subjects, utf8Bytes } from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chartColors,
  pageState,
  seriesPixels,
  setMarker,
  shownFields,
  waitForField,
} from "./page-probes.js";
import { runLoad, sendMessages, type LoadResult } from "./load.js";
import { has, PULLING, scrape, startSystem, valueOf, type Sample, type System } from "./support.js";

const MESSAGES = 20;

let system: System;
let load: LoadResult;
let samples: Sample[];
let elapsedS: number;

beforeAll(async () => {
  system = await startSystem();
  load = await runLoad(system, MESSAGES);
  // Every message pushed to the recipient, and so every message.delivered published.
  await waitFor(() => load.inbox.received.length >= MESSAGES, {
    timeoutMs: 60_000,
    intervalMs: 100,
  });
  // A real dead letter: compression parks a payload that is not one at once.
  await publish(system.bus, subjects.pipeline("accepted", "send_direct"), utf8Bytes("not json"), {
    msgId: "metrics-test-garbage",
  });
  let last: Record<string, number> = {};
  // Quiescent: every running service's backlog drained and the last poll saw the dead letter.
  await waitFor(
    async () => {
      samples = await scrape(system.metricsUrl);
      const lag = PULLING.reduce(
        (n, s) => n + valueOf(samples, "pod_consumer_lag_messages", { service: s }),
        0,
      );
      const seen = valueOf(samples, "pod_events_total");
      const stored = (await system.bus.jsm.streams.info(STREAMS.events.name)).state.messages;
      const delivered = valueOf(samples, "pod_messages_delivered_total");
      last = { lag, seen, stored, delivered, dlq: valueOf(samples, "pod_dlq_messages") };
      return (
        lag === 0 &&
        seen === stored &&
        delivered === MESSAGES &&
        valueOf(samples, "pod_dlq_messages") === 1
      );
    },
    { timeoutMs: 30_000, intervalMs: 200, what: "a quiet system" },
  ).catch((error: unknown) => {
    throw new Error(`not quiet: ${JSON.stringify(last)}`, { cause: error });
  });
  elapsedS = (Date.now() - load.startedAt) / 1000;
}, 150_000);
afterAll(async () => {
  await load?.inbox.close();
  await system?.stop();
});

const sendDirect = () => load.confirmed.filter((c) => c.op === "send_direct");
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const distinctTransactions = () => new Set(load.confirmed.map((c) => c.signature)).size;

describe("metrics - Prometheus", () => {
  it("exports every named metric", () => {
    for (const name of [
      "pod_events_total",
      "pod_requests_accepted_total",
      "pod_requests_rejected_total",
      "pod_records_confirmed_total",
      "pod_messages_delivered_total",
      "pod_publish_to_confirmed_seconds_bucket",
      "pod_confirmed_to_delivered_seconds_bucket",
      "pod_stage_latency_seconds_bucket",
      "pod_message_compute_units_bucket",
      "pod_message_fee_lamports_bucket",
      "pod_message_cost_lamports_bucket",
      "pod_transaction_compute_units_bucket",
      "pod_transaction_fee_lamports_bucket",
      "pod_transaction_records_bucket",
      "pod_consumer_pending_messages",
      "pod_consumer_ack_pending_messages",
      "pod_consumer_lag_messages",
      "pod_dlq_messages",
      "pod_metrics_join_requests",
    ]) {
      expect(has(samples, name), name).toBe(true);
    }
  });

  it("counts what was sent: accepted, confirmed per op, rejections by code", () => {
    expect(load.confirmed).toHaveLength(MESSAGES + 2);
    expect(valueOf(samples, "pod_requests_accepted_total")).toBe(MESSAGES + 2);
    expect(valueOf(samples, "pod_records_confirmed_total", { op: "send_direct" })).toBe(MESSAGES);
    expect(valueOf(samples, "pod_records_confirmed_total", { op: "register_agent" })).toBe(2);
    expect(valueOf(samples, "pod_records_failed_total")).toBe(0);
    expect(load.rejectedCodes.sort()).toEqual(["MALFORMED_JSON", "UNKNOWN_AGENT"]);
    for (const code of load.rejectedCodes) {
      expect(valueOf(samples, "pod_requests_rejected_total", { code }), code).toBe(1);
    }
    expect(valueOf(samples, "pod_requests_rejected_total")).toBe(2);
  });

  it("times publish to confirmed per op: above 0, below the test's duration", () => {
    for (const [op, n] of [
      ["send_direct", MESSAGES],
      ["register_agent", 2],
    ] as const) {
      const count = valueOf(samples, "pod_publish_to_confirmed_seconds_count", { op });
      const total = valueOf(samples, "pod_publish_to_confirmed_seconds_sum", { op });
      expect(count, op).toBe(n);
      expect(total, op).toBeGreaterThan(0);
      expect(total / count, op).toBeLessThan(elapsedS);
      // Every observation is inside the bucket at or above the test's duration.
      const within = samples.find(
        (s) =>
          s.name === "pod_publish_to_confirmed_seconds_bucket" &&
          s.labels.op === op &&
          Number(s.labels.le) >= elapsedS,
      );
      expect(within?.value, op).toBe(n);
    }
    const exact = sum(sendDirect().map((c) => (c.at - c.record.createdAt) / 1000));
    expect(
      valueOf(samples, "pod_publish_to_confirmed_seconds_sum", { op: "send_direct" }),
    ).toBeCloseTo(exact, 3);
  });

  it("times each stage, joined by request key; content_stored only for IPFS content", () => {
    const stage = (s: string, suffix: string) =>
      valueOf(samples, `pod_stage_latency_seconds_${suffix}`, { stage: s, op: "send_direct" });
    expect(stage("accepted", "count")).toBe(MESSAGES);
    expect(stage("confirmed", "count")).toBe(MESSAGES);
    expect(stage("content_stored", "count")).toBe(2);
    // Every accepted request finished: the join holds nothing and dropped nothing.
    expect(valueOf(samples, "pod_metrics_join_requests")).toBe(0);
    expect(valueOf(samples, "pod_metrics_join_evicted_total")).toBe(0);
    for (const s of ["accepted", "content_stored", "confirmed"]) {
      expect(stage(s, "sum"), s).toBeGreaterThan(0);
      expect(stage(s, "sum"), s).toBeLessThan(stage(s, "count") * elapsedS);
    }
    // The steps add up to the whole: publish->accepted->(stored)->confirmed.
    const whole = valueOf(samples, "pod_publish_to_confirmed_seconds_sum", { op: "send_direct" });
    const parts =
      stage("accepted", "sum") + stage("content_stored", "sum") + stage("confirmed", "sum");
    expect(parts).toBeCloseTo(whole, 3);
  });

  it("times confirmed to delivered from the subscription service's deliveries", () => {
    expect(load.inbox.received).toHaveLength(MESSAGES);
    expect(valueOf(samples, "pod_messages_delivered_total", { transport: "ws" })).toBe(MESSAGES);
    expect(valueOf(samples, "pod_confirmed_to_delivered_seconds_count")).toBe(MESSAGES);
    const total = valueOf(samples, "pod_confirmed_to_delivered_seconds_sum");
    expect(total).toBeGreaterThan(0);
    expect(total / MESSAGES).toBeLessThan(elapsedS);
  });

  it("measures cost per message and records per transaction as the events carry them", () => {
    const all = load.confirmed;
    expect(valueOf(samples, "pod_message_compute_units_count")).toBe(all.length);
    expect(valueOf(samples, "pod_message_compute_units_sum")).toBeCloseTo(
      sum(all.map((c) => c.computeUnits / c.bundleSize)),
      3,
    );
    expect(valueOf(samples, "pod_message_cost_lamports_sum")).toBeCloseTo(
      sum(all.map((c) => c.lamportsPerMessage)),
      3,
    );
    expect(valueOf(samples, "pod_message_fee_lamports_sum")).toBeGreaterThan(0);
    // Each transaction measured once: its bundle sizes add up to every record it carried.
    expect(valueOf(samples, "pod_transaction_records_count")).toBe(distinctTransactions());
    expect(valueOf(samples, "pod_transaction_records_sum")).toBe(all.length);
    const cu = valueOf(samples, "pod_transaction_compute_units_sum") / distinctTransactions();
    expect(cu).toBeGreaterThan(0);
    expect(cu).toBeLessThanOrEqual(1_400_000);
  });

  it("reports consumer lag per durable, labelled by service, back to 0", async () => {
    for (const service of PULLING) {
      expect(valueOf(samples, "pod_consumer_lag_messages", { durable: service }), service).toBe(0);
      expect(valueOf(samples, "pod_consumer_pending_messages", { durable: service }), service).toBe(
        0,
      );
      expect(valueOf(samples, "pod_consumer_ack_pending_messages", { service }), service).toBe(0);
    }
    // A service's other durables are labelled with it.
    const agents = samples.find(
      (s) => s.name === "pod_consumer_lag_messages" && s.labels.durable === "ingest-agents",
    );
    expect(agents?.labels).toMatchObject({ service: "ingest", stream: STREAMS.events.name });
    // The subscription service has no durable: nothing piles up unread.
    expect(samples.some((s) => s.labels.durable === "subscription")).toBe(false);
  });

  it("counts dead letters by service from POD_DLQ", () => {
    expect(valueOf(samples, "pod_dlq_messages", { service: "compression" })).toBe(1);
    expect(valueOf(samples, "pod_dlq_messages")).toBe(1);
  });
});

describe("metrics - /api/summary", () => {
  let summary: Summary;
  beforeAll(async () => {
    summary = await fetchSummary(system.metricsUrl);
  });

  it("has the same counts as /metrics", () => {
    expect(summary.totals).toMatchObject({
      accepted: MESSAGES + 2,
      confirmed: MESSAGES + 2,
      failed: 0,
      rejected: 2,
      delivered: MESSAGES,
      rejectedByCode: { MALFORMED_JSON: 1, UNKNOWN_AGENT: 1 },
    });
    expect(summary.totals.events).toBe(valueOf(samples, "pod_events_total"));
    const w = summary.windows["5m"];
    expect(w.confirmed.byOp).toEqual({ register_agent: 2, send_direct: MESSAGES });
    expect(w.confirmed.perSec).toBeCloseTo((MESSAGES + 2) / 300, 6);
    expect(w.rejected.byCode).toEqual({ MALFORMED_JSON: 1, UNKNOWN_AGENT: 1 });
    expect(summary.dlq).toMatchObject({ total: 1, byService: { compression: 1 } });
    const lagOf = (d: string) => summary.lag.consumers.find((c) => c.durable === d)?.lag;
    for (const service of PULLING) expect(lagOf(service), service).toBe(0);
  });

  it("computes percentiles from its own windows, within 1% of the exact values", () => {
    const exact = sendDirect()
      .map((c) => c.at - c.record.createdAt)
      .sort((a, b) => a - b);
    const rank = (q: number) => exact[Math.ceil(q * exact.length) - 1]!;
    const p = summary.windows["5m"].latencyMs.publishToConfirmedByOp.send_direct!;
    expect(p.count).toBe(MESSAGES);
    expect(p.p50!).toBeGreaterThan(0);
    expect(Math.abs(p.p50! - rank(0.5))).toBeLessThanOrEqual(rank(0.5) * 0.01 + 1e-9);
    expect(Math.abs(p.p99! - rank(0.99))).toBeLessThanOrEqual(rank(0.99) * 0.01 + 1e-9);
    expect(p.max).toBe(exact.at(-1));
    expect(p.max!).toBeLessThan(elapsedS * 1000);
    const stages = summary.windows["5m"].latencyMs.stages;
    // Every confirmed request has an accepted and a confirmed step; only IPFS content a stored one.
    expect([stages.accepted.count, stages.content_stored.count, stages.confirmed.count]).toEqual([
      MESSAGES + 2,
      2,
      MESSAGES + 2,
    ]);
    const delivered = summary.windows["5m"].latencyMs.confirmedToDelivered;
    expect(delivered.count).toBe(MESSAGES);
    expect(delivered.p50!).toBeGreaterThan(0);
    expect(delivered.max!).toBeLessThan(elapsedS * 1000);
    expect(delivered.mean! * MESSAGES).toBeCloseTo(
      valueOf(samples, "pod_confirmed_to_delivered_seconds_sum") * 1000,
      3,
    );
  });

  it("reports cost per message and transactions", () => {
    const c = summary.windows["15m"].cost;
    expect(c.messages).toBe(MESSAGES + 2);
    expect(c.transactions).toBe(distinctTransactions());
    expect(c.lamportsTotal).toBeCloseTo(sum(load.confirmed.map((e) => e.lamportsPerMessage)), 3);
    expect(c.recordsPerTransaction.mean! * c.transactions).toBeCloseTo(MESSAGES + 2, 6);
    expect(c.computeUnitsPerMessage.max!).toBeLessThanOrEqual(1_400_000);
  });

  it("renders for pod top with its figures", () => {
    const text = renderTop(summary, { width: 120, color: false });
    expect(text).toContain("PoD top");
    expect(text).toMatch(new RegExp(`confirmed\\s.*\\s${MESSAGES + 2}$`, "m"));
    expect(text).toContain("MALFORMED_JSON 1");
    expect(text).toContain("UNKNOWN_AGENT 1");
    expect(text).toMatch(/compression 1/);
    expect(text).toContain(formatNumber(summary.windows["5m"].cost.messages));
  });
});

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** A screenshot is kept in the repository only when it is this small. */
const KEEP_SCREENSHOT_BYTES = 150_000;
const SCREENSHOT = path.join(import.meta.dirname, "__screenshots__", "dashboard.png");

/** The page's own number formats, restated: the test reads what a person would read. */
function expectedText(format: string, value: unknown): string {
  if (value === null || value === undefined) return "-";
  const v = value as number;
  if (format === "ms") return v < 10 ? v.toFixed(1) : String(Math.round(v));
  if (format === "amount") return v >= 100 ? String(Math.round(v)) : v.toFixed(1);
  if (format === "rate") return v.toFixed(2);
  return String(Math.round(v));
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

function at(obj: unknown, field: string): unknown {
  return field
    .split(".")
    .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
}

describe("metrics - dashboard in headless Chromium", () => {
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  const requested: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "pod-dashboard-"));
    context = await chromium.launchPersistentContext(path.join(dir, "profile"), {
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 1100 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("request", (r) => requested.push(r.url()));
    await page.goto(`${system.metricsUrl}/dashboard/`);
    await waitForField(page, "totals.confirmed", String(MESSAGES + 2), 15_000);
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("shows the summary's figures", async () => {
    const shown = await shownFields(page);
    const summary = await fetchSummary(system.metricsUrl);
    // The 1-minute figures move as the window slides; every other one is still.
    const stable = shown.filter((f) => !f.field.startsWith("windows.1m."));
    expect(stable.length).toBeGreaterThanOrEqual(10);
    for (const f of stable)
      expect(f.text, f.field).toBe(expectedText(f.format, at(summary, f.field)));
    expect(stable.find((f) => f.field === "totals.rejected")?.text).toBe("2");
    expect(stable.find((f) => f.field === "dlq.total")?.text).toBe("1");
    const p50 = stable.find((f) => f.field === "windows.5m.latencyMs.publishToConfirmed.p50")!;
    expect(Number(p50.text)).toBeGreaterThan(0);
    expect(await page.locator("#lag tbody tr").count()).toBe(summary.lag.consumers.length);
  });

  it("draws the series on every chart canvas", async () => {
    const shot = path.join(dir, "dashboard.png");
    await page.screenshot({ path: shot, fullPage: true });
    const { size } = await stat(shot);
    expect(size).toBeGreaterThan(10_000);
    // The repository's copy is written when missing or asked for, so a test run leaves the
    // work tree clean.
    const refresh = process.env.POD_UPDATE_SCREENSHOT === "1" || !(await exists(SCREENSHOT));
    if (refresh && size <= KEEP_SCREENSHOT_BYTES) {
      await mkdir(path.dirname(SCREENSHOT), { recursive: true });
      await copyFile(shot, SCREENSHOT);
    }
    const colors = await chartColors(page);
    // Rates are 0 where nothing happened: a line that rises to the load spans many rows.
    const throughput = await seriesPixels(page, "chart-throughput", colors.confirmed!);
    expect(throughput.rows).toBeGreaterThan(20);
    const errors = await seriesPixels(page, "chart-errors", colors.rejected!);
    expect(errors.rows).toBeGreaterThan(10);
    // Latency and cost are null where nothing was confirmed: any drawn pixel is a real point.
    const latency = await Promise.all(
      ["p50", "p95", "p99"].map((p) => seriesPixels(page, "chart-latency", colors[p]!)),
    );
    expect(latency.reduce((n, l) => n + l.pixels, 0)).toBeGreaterThan(20);
    expect((await seriesPixels(page, "chart-cost", colors.lamports!)).pixels).toBeGreaterThan(10);
  });

  it("updates its figures without a reload", async () => {
    const marker = await setMarker(page);
    const { updates: updatesBefore } = await pageState(page);
    await sendMessages(load.sender, load.recipient, 3);
    await waitForField(page, "totals.confirmed", String(MESSAGES + 5), 30_000);
    const after = await pageState(page);
    expect(after.marker).toBe(marker);
    expect(after.navigations).toBe(1);
    expect(after.updates).toBeGreaterThan(updatesBefore);
  });

  it("loads nothing from outside the service", () => {
    expect(requested.length).toBeGreaterThanOrEqual(5);
    for (const url of requested) expect(url.startsWith(system.metricsUrl), url).toBe(true);
  });
});
