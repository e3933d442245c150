import { msOf, type TraceSpan } from "../span.js";

/** A span in the waterfall, with its children (by start time) and its depth under the root. */
export interface SpanNode {
  span: TraceSpan;
  children: SpanNode[];
  /** Its parent span is not among the spans (not stored, or another process's): under root. */
  orphan: boolean;
  startMs: number;
  endMs: number;
}

/**
 * The span tree by parent id. The root is the earliest span without a parent (or, when every
 * span has one, the earliest whose parent is missing); every other span whose parent is not
 * in the set hangs under the root, marked as an orphan.
 */
export function spanTree(spans: readonly TraceSpan[]): SpanNode | undefined {
  if (spans.length === 0) return undefined;
  const nodes = new Map<string, SpanNode>();
  for (const span of spans) {
    nodes.set(span.spanId, {
      span,
      children: [],
      orphan: false,
      startMs: msOf(span.startTimeUnixNano),
      endMs: msOf(span.endTimeUnixNano),
    });
  }
  const byStart = [...nodes.values()].sort((a, b) => a.startMs - b.startMs);
  const loose = byStart.filter((n) => !n.span.parentSpanId || !nodes.has(n.span.parentSpanId));
  const root = loose.find((n) => !n.span.parentSpanId) ?? loose[0] ?? byStart[0]!;
  for (const node of byStart) {
    if (node === root) continue;
    const parent = node.span.parentSpanId ? nodes.get(node.span.parentSpanId) : undefined;
    if (parent && !isAncestor(node, parent, nodes)) parent.children.push(node);
    else {
      node.orphan = true;
      root.children.push(node);
    }
  }
  return root;
}

/** Guards against a cycle of parent ids (a corrupt store): `node` above `candidate`. */
function isAncestor(node: SpanNode, candidate: SpanNode, nodes: Map<string, SpanNode>): boolean {
  let current: SpanNode | undefined = candidate;
  for (let hops = 0; current && hops <= nodes.size; hops++) {
    if (current === node) return true;
    const id: string | undefined = current.span.parentSpanId;
    current = id ? nodes.get(id) : undefined;
  }
  return false;
}

/** The tree in display order (depth first, children by start), with each node's depth. */
export function flatten(root: SpanNode): { node: SpanNode; depth: number; last: boolean[] }[] {
  const out: { node: SpanNode; depth: number; last: boolean[] }[] = [];
  const walk = (node: SpanNode, depth: number, last: boolean[]) => {
    out.push({ node, depth, last });
    node.children.forEach((child, i) =>
      walk(child, depth + 1, [...last, i === node.children.length - 1]),
    );
  };
  walk(root, 0, []);
  return out;
}
