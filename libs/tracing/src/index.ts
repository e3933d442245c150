export {
  readTrace,
  traceOfRequest,
  READ_TRACE_DEFAULTS,
  type ReadTraceOptions,
  type TraceQuery,
} from "./read-trace.js";
export { renderWaterfall, type WaterfallOptions } from "./waterfall/render.js";
export { spanTree, type SpanNode } from "./waterfall/tree.js";
export { KEY_ATTRIBUTES, REQUEST_KEY_ATTRIBUTE } from "./waterfall/key-attributes.js";
export {
  installAgentTracing,
  type AgentTracing,
  type AgentTracingOptions,
} from "./agent-tracing.js";
export { spansOfBatch, type TraceSpan } from "./span.js";
export { TracingError, TRACING_ERROR_CODES } from "./errors.js";
