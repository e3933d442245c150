/**
 * The OpenTelemetry API as services use it for their own spans, re-exported so that a service
 * needs no dependency on it of its own and every span of a process goes through the one API
 * instance the runtime registered its SDK with.
 */
export {
  context as otelContext,
  trace,
  SpanKind,
  SpanStatusCode,
  type Attributes,
  type Context,
  type Span,
} from "@opentelemetry/api";
