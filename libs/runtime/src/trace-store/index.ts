export {
  TraceStoreExporter,
  TRACE_STORE_LIMITS,
  type TraceStoreConnection,
  type TraceStoreExporterOptions,
  type TraceStoreStats,
} from "./exporter.js";
export { RequestKeySpanProcessor } from "./request-key-processor.js";
export {
  SPAN_RECORD_VERSION,
  nanosOf,
  spanRecordOf,
  type SpanAttributes,
  type SpanBatch,
  type SpanKindName,
  type SpanRecord,
  type TraceIndexEntry,
} from "./span-record.js";
export { TRACE_STORE_MODES, traceStoreEnabled, type TraceStoreMode } from "./mode.js";
