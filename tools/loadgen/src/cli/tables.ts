import Table from "cli-table3";
import type { LatencySummary } from "../stats/histogram.js";
import type { LoadReport } from "../report/report.js";

const MB = 1024 * 1024;

/** A plain table: no colours (a red header reads as an error), no rules between rows. */
function table(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [], compact: true } });
}
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const int = (n: number) => Math.round(n).toLocaleString("en-US");
const codes = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([code, n]) => `${code} ${n}`)
    .join(", ") || "-";

function latencyCells(l: LatencySummary): string[] {
  return [ms(l.p50Ms), ms(l.p95Ms), ms(l.p99Ms), ms(l.maxMs)];
}

/** The final report as tables, for the terminal. */
export function renderReport(report: LoadReport): string {
  const out: string[] = [];

  const phases = table([
    "phase",
    "sent",
    "confirmed",
    "rejected",
    "failed",
    "no outcome",
    "offered/s",
    "confirmed/s",
    "sustained/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "max ms",
    "lamports/msg",
    "records/tx",
  ]);
  for (const p of Object.values(report.phases)) {
    if (p === undefined) continue;
    phases.push([
      p.phase,
      int(p.published),
      int(p.confirmed),
      int(Object.values(p.rejected).reduce((a, b) => a + b, 0)),
      int(Object.values(p.failed).reduce((a, b) => a + b, 0)),
      int(p.unsettled),
      int(p.schedule.offeredPerSec),
      int(p.confirmedPerSec),
      int(p.sustainedPerSec),
      ...latencyCells(p.latency),
      int(p.lamportsPerMessage),
      p.recordsPerTransaction.toFixed(2),
    ]);
  }
  out.push("Pipeline (latency: intended send time -> record.confirmed)", phases.toString());

  const reasons = Object.values(report.phases)
    .filter(
      (p) =>
        p !== undefined && (Object.keys(p.rejected).length > 0 || Object.keys(p.failed).length > 0),
    )
    .map((p) => `  ${p!.phase}: rejected ${codes(p!.rejected)}; failed ${codes(p!.failed)}`);
  if (reasons.length > 0) out.push("Rejections and failures by code", ...reasons);

  const where = table(["phase", "segment", "p50 ms", "p95 ms", "p99 ms", "max ms", "count"]);
  for (const p of Object.values(report.phases)) {
    if (p === undefined) continue;
    const rows: [string, LatencySummary][] = [
      ["send -> PubAck", p.pubAck],
      ["send -> request.accepted", p.toAccepted],
      ["accepted -> confirmed", p.acceptedToConfirmed],
      ...Object.entries(p.latencyByOp).map(
        ([op, l]) => [`send -> confirmed (${op})`, l] as [string, LatencySummary],
      ),
    ];
    for (const [segment, l] of rows)
      where.push([p.phase, segment, ...latencyCells(l), int(l.count)]);
    where.push([
      p.phase,
      "send start lag (generator)",
      ...latencyCells(p.schedule.startLag),
      int(p.schedule.startLag.count),
    ]);
  }
  out.push("Where the time goes", where.toString());

  const procs = table([
    "process",
    "pid",
    "RSS peak MB",
    "RSS mean MB",
    "CPU mean %",
    "CPU peak %",
    "CPU s",
  ]);
  for (const u of report.processes) {
    procs.push([
      u.name + (u.alive ? "" : " (exited)"),
      u.pid,
      (u.rssPeakBytes / MB).toFixed(0),
      (u.rssMeanBytes / MB).toFixed(0),
      u.cpuMeanPercent.toFixed(0),
      u.cpuPeakPercent.toFixed(0),
      u.cpuSeconds.toFixed(1),
    ]);
  }
  out.push("Processes (sampled each second; 100% = one core)", procs.toString());

  const backlog = table(["stage consumer", "backlog peak", "backlog at end"]);
  for (const b of report.backlog) backlog.push([b.stage, int(b.peak), int(b.last)]);
  out.push("Backlog per stage (pending + unacked at its durable consumer)", backlog.toString());

  if (report.baseline !== undefined && "skipped" in report.baseline) {
    out.push(`Baseline skipped: ${report.baseline.skipped}`);
  } else if (report.comparison !== undefined && report.baseline !== undefined) {
    const c = report.comparison;
    const side = table(["messages", "pipeline", "naive client", "pipeline / naive"]);
    const r = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : "-");
    side.push(
      [
        "confirmed/s",
        int(c.pipelinePerSec),
        c.baselinePerSec.toFixed(1),
        r(c.pipelinePerSec, c.baselinePerSec),
      ],
      ["p50 ms", ms(c.pipelineP50Ms), ms(c.baselineP50Ms), r(c.pipelineP50Ms, c.baselineP50Ms)],
      ["p99 ms", ms(c.pipelineP99Ms), ms(c.baselineP99Ms), r(c.pipelineP99Ms, c.baselineP99Ms)],
      [
        "lamports/msg",
        int(c.pipelineLamportsPerMessage),
        int(c.baselineLamportsPerMessage),
        r(c.pipelineLamportsPerMessage, c.baselineLamportsPerMessage),
      ],
    );
    out.push(
      `Pipeline beside the naive client (${report.baseline.mode}; ${report.baseline.clients} clients)`,
      side.toString(),
    );
  }

  const targets = table(["target", "wanted", "measured", "met"]);
  for (const t of report.targets)
    targets.push([t.name, t.target, t.measured, t.met ? "yes" : "NO"]);
  out.push("Targets (2-core machine, local chain)", targets.toString());
  out.push(
    `load average ${report.environment.loadAverageStart.map((n) => n.toFixed(2)).join(" ")} -> ` +
      `${report.environment.loadAverageEnd.map((n) => n.toFixed(2)).join(" ")} on ${report.environment.cpus} cpus`,
  );
  return out.join("\n");
}
