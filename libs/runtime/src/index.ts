export {
  commonConfigSchema,
  serviceConfigSchema,
  loadConfig,
  withoutEmpty,
  LOG_LEVELS,
  DEFAULT_NATS_URL,
  DEFAULT_HTTP_HOST,
  DEFAULT_SHUTDOWN_GRACE_MS,
  type CommonConfig,
  type CommonDefaults,
  type LogLevel,
} from "./config.js";
export {
  envBool,
  envEnum,
  envInt,
  envMillis,
  envPort,
  envText,
  envUrl,
  envUrlList,
} from "./env-rules.js";
export {
  ConfigError,
  StartupError,
  NoDurableError,
  LifecycleTransitionError,
  EXIT_CONFIG,
  EXIT_FAILURE,
  type ConfigProblem,
} from "./errors.js";
export { createLogger, flushLogger, type Logger, type LoggerOptions } from "./logger.js";
export { startTelemetry, SPAN_EXPORT, type Telemetry, type TelemetryOptions } from "./telemetry.js";
export {
  startHttpServer,
  sendJson,
  type HttpRouteHandler,
  type HttpServer,
  type HttpServerOptions,
} from "./http-server.js";
export { Lifecycle, LIFECYCLE_STATES, type LifecycleState } from "./lifecycle.js";
export {
  Readiness,
  CHECK_TIMEOUT_MS,
  type CheckResult,
  type ReadinessCheck,
  type ReadinessReport,
} from "./readiness.js";
export { runShutdown, type ShutdownOutcome, type ShutdownStep } from "./shutdown.js";
export { ConsumerBinding, type ConsumeTuning, type HeldConsumer } from "./consumer-binding.js";
export type { ServiceContext } from "./context.js";
export {
  startService,
  type RunningService,
  type ServiceConfig,
  type ServiceDefinition,
  type StartOptions,
} from "./service.js";
export { runService } from "./run.js";
export { forwardUnchanged, forwardedHeaders, requestIdOf } from "./forward.js";
export {
  startAgentTelemetry,
  type AgentTelemetry,
  type AgentTelemetryOptions,
} from "./agent-telemetry.js";
export { TRACE_ATTR, requestKeyOfMessageId } from "./trace-attributes.js";
export {
  otelContext,
  trace,
  SpanKind,
  SpanStatusCode,
  type Attributes,
  type Context,
  type Span,
} from "./otel-api.js";
export {
  RequestKeySpanProcessor,
  SPAN_RECORD_VERSION,
  TRACE_STORE_LIMITS,
  TRACE_STORE_MODES,
  TraceStoreExporter,
  spanRecordOf,
  traceStoreEnabled,
  type SpanAttributes,
  type SpanBatch,
  type SpanKindName,
  type SpanRecord,
  type TraceIndexEntry,
  type TraceStoreConnection,
  type TraceStoreExporterOptions,
  type TraceStoreMode,
  type TraceStoreStats,
} from "./trace-store/index.js";
export type { Meter, Tracer } from "@opentelemetry/api";
