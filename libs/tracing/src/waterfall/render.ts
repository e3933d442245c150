import pc from "picocolors";
import { msOf, type TraceSpan } from "../span.js";
import { fit, formatMs } from "./format.js";
import { keyAttributesOf, REQUEST_KEY_ATTRIBUTE } from "./key-attributes.js";
import { flatten, spanTree } from "./tree.js";

export interface WaterfallOptions {
  /** Columns of the whole output. Default 100; at least 60 is used. */
  width?: number;
  /** ANSI colours (a colour per service, errors in red). Default false. */
  color?: boolean;
}

const OFFSET_W = 9;
const DURATION_W = 9;
const MIN_BAR_W = 12;
const MAX_SERVICE_W = 14;

/**
 * The trace as text: a header (trace id, request key, span count, services, duration), then
 * one line per span in tree order (children under their parent, orphans under the root):
 * start offset, duration, service, indented name, and a bar placed and scaled on the trace's
 * time line; a second line lists key attributes (signature, slot, CU, fee, CID, ...).
 */
export function renderWaterfall(
  spans: readonly TraceSpan[],
  options: WaterfallOptions = {},
): string {
  const width = Math.max(60, options.width ?? 100);
  const c = pc.createColors(options.color ?? false);
  const root = spanTree(spans);
  if (!root) return "no spans";

  const t0 = Math.min(...spans.map((s) => msOf(s.startTimeUnixNano)));
  const t1 = Math.max(...spans.map((s) => msOf(s.endTimeUnixNano)));
  const total = Math.max(t1 - t0, 0.001);
  const services = [...new Set(spans.map((s) => s.service))];
  const traces = new Set(spans.map((s) => s.traceId));
  const requestKey = spans.find((s) => typeof s.attributes[REQUEST_KEY_ATTRIBUTE] === "string")
    ?.attributes[REQUEST_KEY_ATTRIBUTE];
  const tint = serviceTint(services, c);

  const serviceW = Math.min(MAX_SERVICE_W, Math.max(7, ...services.map((s) => s.length)));
  const rest = width - OFFSET_W - DURATION_W - serviceW - 3;
  const barW = Math.max(MIN_BAR_W, Math.floor(rest * 0.4));
  const nameW = Math.max(10, rest - barW - 1);
  const nameAt = OFFSET_W + DURATION_W + serviceW + 3;

  const lines: string[] = [];
  const header = [
    traces.size === 1 ? `trace ${root.span.traceId}` : `${traces.size} traces`,
    `${spans.length} spans`,
    `${services.length} services`,
    formatMs(total),
  ];
  lines.push(c.bold(header.join(" · ")));
  if (requestKey) lines.push(`request ${String(requestKey)}`);
  lines.push(
    c.dim(
      `${"offset".padStart(OFFSET_W - 1)} ${"duration".padStart(DURATION_W - 1)}  ` +
        `${fit("service", serviceW)} ${fit("span", nameW)} timeline`,
    ),
  );

  let orphans = 0;
  for (const { node, depth, last } of flatten(root)) {
    const { span } = node;
    const failed = span.status.code === "error";
    const prefix = depth === 0 ? "" : `${treeGuides(last)}${node.orphan ? "* " : ""}`;
    if (node.orphan) orphans++;
    const name = fit(`${prefix}${failed ? "✗ " : ""}${span.name}`, nameW);
    const from = Math.floor(((node.startMs - t0) / total) * barW);
    const to = Math.max(from + 1, Math.ceil(((node.endMs - t0) / total) * barW));
    const bar = `${" ".repeat(from)}${"█".repeat(Math.min(to, barW) - from)}`;
    const paint = failed ? c.red : tint(span.service);
    lines.push(
      `${formatMs(node.startMs - t0).padStart(OFFSET_W - 1)} ` +
        `${formatMs(node.endMs - node.startMs).padStart(DURATION_W - 1)}  ` +
        `${paint(fit(span.service, serviceW))} ${failed ? c.red(name) : name} ${paint(bar)}`.trimEnd(),
    );

    // Under the span's own name, past its tree guides.
    const indent = nameAt + Math.min(prefix.length + 2, nameW - 10);
    const details = detailsOf(span, width - indent);
    if (details) lines.push(`${" ".repeat(indent)}${c.dim(details)}`);
  }
  if (orphans > 0) lines.push(c.dim(`* parent span not in the store (${orphans})`));
  return lines.join("\n");
}

/** The key attributes (and an error's message) on one line, ids shortened if too long. */
function detailsOf(span: TraceSpan, room: number): string {
  const parts = (short: boolean) => {
    const list = keyAttributesOf(span.attributes, short);
    if (span.status.code === "error" && span.status.message) list.push(span.status.message);
    return list.join(" · ");
  };
  const full = parts(false);
  return full.length <= room ? full : fit(parts(true), room).trimEnd();
}

/** Tree guides for a node whose ancestors' "is last child" flags are `last`. */
function treeGuides(last: boolean[]): string {
  const above = last.slice(0, -1).map((l) => (l ? "  " : "│ "));
  return `${above.join("")}${last[last.length - 1] ? "└ " : "├ "}`;
}

function serviceTint(services: string[], c: ReturnType<typeof pc.createColors>) {
  const palette = [c.cyan, c.magenta, c.yellow, c.green, c.blue, c.white];
  return (service: string) => palette[services.indexOf(service) % palette.length] ?? c.white;
}
