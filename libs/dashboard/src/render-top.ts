import { formatDuration, formatMs, formatNumber, formatRate } from "./format.js";
import {
  STAGES,
  SUMMARY_WINDOWS,
  type Percentiles,
  type Summary,
  type SummaryWindow,
} from "./summary-schema.js";
import { renderLines, row, type Line, type Segment } from "./text-layout.js";

export interface RenderTopOptions {
  /** Columns; lines are cut to it. Default 100. */
  width?: number;
  /** ANSI colours. Default false. */
  color?: boolean;
  /** The window of the latency, rejection and cost sections. Default "5m". */
  window?: SummaryWindow;
  /** "Now", for the ages shown; defaults to the summary's generatedAt. */
  now?: number;
}

const LABEL = 22;
const NUM = 9;

/** The terminal view of a summary, as `pod top` prints it: plain text, one frame. */
export function renderTop(summary: Summary, options: RenderTopOptions = {}): string {
  const width = options.width ?? 100;
  const window = options.window ?? "5m";
  const now = options.now ?? summary.generatedAt;
  const lines: Line[] = [
    ...header(summary, now),
    [],
    ...throughput(summary),
    [],
    ...latency(summary, window),
    [],
    ...codes(summary, window),
    [],
    ...cost(summary, window),
    [],
    ...lag(summary, now),
  ];
  return renderLines(lines, width, options.color ?? false);
}

function header(s: Summary, now: number): Line[] {
  const at = new Date(s.generatedAt).toISOString().slice(11, 19);
  return [
    [
      { text: "PoD top", style: "bold" },
      {
        text: `  ${s.service}@${s.instanceId}  ${at} UTC  up ${formatDuration(now - s.startedAt)}`,
      },
      { text: `  events read ${formatNumber(s.totals.events)}`, style: "dim" },
    ],
  ];
}

function throughput(s: Summary): Line[] {
  const widths = [LABEL, NUM, NUM, NUM, NUM];
  const align: ("<" | ">")[] = ["<", ">", ">", ">", ">"];
  const kinds = ["confirmed", "failed", "rejected", "accepted", "delivered"] as const;
  return [
    row([title("THROUGHPUT"), ...SUMMARY_WINDOWS, "total"], widths, align),
    ...kinds.map((kind) =>
      row(
        [
          `  ${kind}`,
          ...SUMMARY_WINDOWS.map((w) => formatRate(s.windows[w][kind].perSec)),
          { text: formatNumber(s.totals[kind]), style: alarm(kind, s.totals[kind]) },
        ],
        widths,
        align,
      ),
    ),
  ];
}

function latency(s: Summary, window: SummaryWindow): Line[] {
  const w = s.windows[window].latencyMs;
  const widths = [LABEL, NUM, NUM, NUM, NUM, NUM];
  const align: ("<" | ">")[] = ["<", ">", ">", ">", ">", ">"];
  const line = (label: string, p: Percentiles) =>
    row(
      [
        label,
        formatNumber(p.count),
        formatMs(p.p50),
        formatMs(p.p95),
        formatMs(p.p99),
        formatMs(p.max),
      ],
      widths,
      align,
    );
  const byOp = Object.entries(w.publishToConfirmedByOp).filter(([, p]) => p && p.count > 0);
  return [
    row([title(`LATENCY ${window}`), "count", "p50", "p95", "p99", "max"], widths, align),
    line("  publish->confirmed", w.publishToConfirmed),
    ...byOp.map(([op, p]) => line(`    ${op}`, p!)),
    line("  confirmed->delivered", w.confirmedToDelivered),
    ...STAGES.map((stage) => line(`  stage ${stage}`, w.stages[stage])),
  ];
}

function codes(s: Summary, window: SummaryWindow): Line[] {
  const w = s.windows[window];
  const list = (label: string, byCode: Record<string, number>): Line => {
    const entries = Object.entries(byCode).sort((a, b) => b[1] - a[1]);
    return [
      title(label.padEnd(LABEL)),
      ...(entries.length === 0
        ? [{ text: "  none", style: "dim" as const }]
        : entries.map(([code, n]) => ({
            text: `  ${code} ${formatNumber(n)}`,
            style: "yellow" as const,
          }))),
    ];
  };
  return [
    list(`REJECTIONS ${window}`, w.rejected.byCode),
    list(`FAILURES ${window}`, w.failed.byCode),
  ];
}

function cost(s: Summary, window: SummaryWindow): Line[] {
  const c = s.windows[window].cost;
  const widths = [LABEL, NUM, NUM, NUM, NUM];
  const align: ("<" | ">")[] = ["<", ">", ">", ">", ">"];
  const line = (label: string, p: Percentiles) =>
    row(
      [label, formatNumber(p.mean), formatNumber(p.p50), formatNumber(p.p99), formatNumber(p.max)],
      widths,
      align,
    );
  return [
    [
      title(`COST ${window}`.padEnd(LABEL)),
      {
        text: `  messages ${formatNumber(c.messages)}  transactions ${formatNumber(c.transactions)}`,
      },
      { text: `  lamports ${formatNumber(c.lamportsTotal)}` },
    ],
    row(["", "mean", "p50", "p99", "max"], widths, align),
    line("  CU/message", c.computeUnitsPerMessage),
    line("  fee lamports/message", c.feeLamportsPerMessage),
    line("  lamports/message", c.lamportsPerMessage),
    line("  records/transaction", c.recordsPerTransaction),
  ];
}

function lag(s: Summary, now: number): Line[] {
  const widths = [LABEL, 12, NUM, NUM, NUM];
  const align: ("<" | ">")[] = ["<", "<", ">", ">", ">"];
  const polled =
    s.lag.polledAt === null
      ? "not polled yet"
      : `polled ${formatDuration(now - s.lag.polledAt)} ago`;
  const dlqStyle = s.dlq.total > 0 ? "red" : "green";
  const dlqByService = Object.entries(s.dlq.byService)
    .filter(([, n]) => n > 0)
    .map(([service, n]) => `${service} ${formatNumber(n)}`)
    .join("  ");
  return [
    row([title("CONSUMER LAG"), "stream", "pending", "ack", "lag"], widths, align),
    ...s.lag.consumers.map((c) =>
      row(
        [
          `  ${c.durable}`,
          c.stream,
          formatNumber(c.pending),
          formatNumber(c.ackPending),
          {
            text: formatNumber(c.lag),
            style: c.lag > 0 ? "yellow" : "green",
          },
        ],
        widths,
        align,
      ),
    ),
    [{ text: `  ${polled}`, style: "dim" }],
    [
      title("DEAD LETTERS".padEnd(LABEL)),
      { text: `  ${formatNumber(s.dlq.total)}`, style: dlqStyle },
      { text: dlqByService ? `  (${dlqByService})` : "" },
    ],
  ];
}

function title(text: string): Segment {
  return { text, style: "bold" };
}

function alarm(kind: string, n: number): Segment["style"] {
  if (n === 0) return undefined;
  return kind === "failed" ? "red" : kind === "rejected" ? "yellow" : undefined;
}
