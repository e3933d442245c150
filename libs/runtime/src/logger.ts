import { trace } from "@opentelemetry/api";
import { pino, type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "./config.js";

export type { Logger } from "pino";

export interface LoggerOptions {
  service: string;
  instanceId: string;
  level: LogLevel;
  /** Where lines go; stdout (synchronous, so nothing is lost at exit) unless given. */
  destination?: DestinationStream;
}

/**
 * A JSON-lines logger. Every line carries the service name, the instance id and, when a span
 * is active, its trace id and span id, so a log line can be joined to its trace.
 */
export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level: options.level,
      base: { service: options.service, instance: options.instanceId },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: activeSpanFields,
    },
    destination,
  );
}

function activeSpanFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  if (!trace.isSpanContextValid(span.spanContext())) return {};
  return {
    trace_id: traceId,
    span_id: spanId,
    trace_flags: traceFlags.toString(16).padStart(2, "0"),
  };
}

/** Writes what the logger holds; call before `process.exit`. */
export function flushLogger(log: Logger): Promise<void> {
  return new Promise((done) => {
    log.flush(() => done());
  });
}
