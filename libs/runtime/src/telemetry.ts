import type { IncomingMessage, ServerResponse } from "node:http";
import { diag, DiagLogLevel, metrics, trace, type DiagLogger } from "@opentelemetry/api";
import type { Meter, Tracer } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import { NodeSDK } from "@opentelemetry/sdk-node";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import type { Logger } from "pino";
import {
  RequestKeySpanProcessor,
  TraceStoreExporter,
  traceStoreEnabled,
  type TraceStoreMode,
  type TraceStoreStats,
} from "./trace-store/index.js";

/**
 * Bounds for span export. The queue is bounded so that a collector that is down costs at most
 * this many spans of memory (the processor drops and counts the rest) instead of growing.
 */
export const SPAN_EXPORT = {
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 1000,
  exportTimeoutMillis: 5000,
} as const;

/**
 * Records every request's spans, including those whose remote parent says "not sampled":
 * publishers without an OpenTelemetry SDK (agents, scripts) still send a trace id, flagged
 * unsampled, and honouring that flag would drop the whole pipeline's trace.
 */
const PIPELINE_SAMPLER = new ParentBasedSampler({
  root: new AlwaysOnSampler(),
  remoteParentNotSampled: new AlwaysOnSampler(),
  localParentNotSampled: new AlwaysOffSampler(),
});

export interface TelemetryOptions {
  service: string;
  instanceId: string;
  version?: string;
  /** Base OTLP/HTTP URL (the collector's, without /v1/traces); no export when absent. */
  otlpEndpoint?: string;
  /** Local trace store (POD_TRACES): auto = only without an OTLP endpoint. Default auto. */
  traceStore?: TraceStoreMode;
  /** NATS servers of the trace store; without them nothing is stored. */
  natsServers?: string[];
  log: Logger;
}

export interface Telemetry {
  tracer: Tracer;
  meter: Meter;
  /** True when spans leave the process (an OTLP endpoint was configured). */
  exporting: boolean;
  /** True when finished spans go to the local trace store. */
  storing: boolean;
  /** The trace store exporter's counters; undefined when it is off. */
  traceStoreStats(): TraceStoreStats | undefined;
  /** Serves the Prometheus text format; mount it on the service's own HTTP server. */
  metricsHandler(req: IncomingMessage, res: ServerResponse): void;
  /** Flushes and stops; resolves within `timeoutMs` whatever the collector does. */
  shutdown(timeoutMs: number): Promise<{ timedOut: boolean; error?: unknown }>;
}

/**
 * Starts OpenTelemetry for one service: W3C trace context, spans exported over OTLP/HTTP when
 * an endpoint is set and to the local trace store (POD_TRACES) when `traceStore` says so
 * (recorded but dropped when neither, so trace ids still exist for logs and propagation),
 * and metrics pulled by Prometheus through `metricsHandler`.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  diag.setLogger(diagToLog(options.log), {
    logLevel: DiagLogLevel.WARN,
    suppressOverrideMessage: true,
  });

  const prometheus = new PrometheusExporter({ preventServerStart: true });
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: options.service,
    [ATTR_SERVICE_VERSION]: options.version ?? "0.0.0",
    "service.instance.id": options.instanceId,
  });
  // Owned here rather than by the SDK so that `meter` is this service's even when another
  // provider was registered globally first (several services in one test process).
  const meterProvider = new MeterProvider({ resource, readers: [prometheus] });
  metrics.setGlobalMeterProvider(meterProvider);
  const meter = meterProvider.getMeter(options.service);

  // Every span is named by its request key before any exporter sees it.
  const spanProcessors: SpanProcessor[] = [new RequestKeySpanProcessor()];
  if (options.otlpEndpoint) {
    spanProcessors.push(
      new BatchSpanProcessor(
        new OTLPTraceExporter({
          url: `${options.otlpEndpoint.replace(/\/+$/, "")}/v1/traces`,
          timeoutMillis: SPAN_EXPORT.exportTimeoutMillis,
        }),
        SPAN_EXPORT,
      ),
    );
  }
  let store: TraceStoreExporter | undefined;
  const storing =
    traceStoreEnabled(options.traceStore ?? "auto", options.otlpEndpoint) &&
    (options.natsServers?.length ?? 0) > 0;
  if (storing) {
    store = new TraceStoreExporter({
      service: options.service,
      connection: { servers: options.natsServers!, name: `${options.service}-traces` },
    });
    // A full queue drops spans and says so through diag (a warning in the service's log).
    spanProcessors.push(new BatchSpanProcessor(store, SPAN_EXPORT));
    observeTraceStore(meter, store);
  }

  const sdk = new NodeSDK({
    autoDetectResources: false,
    resource,
    textMapPropagator: new W3CTraceContextPropagator(),
    spanProcessors,
    // OTEL_TRACES_SAMPLER, when set, wins (the SDK reads it when no sampler is given).
    ...(process.env.OTEL_TRACES_SAMPLER?.trim() ? {} : { sampler: PIPELINE_SAMPLER }),
    // Metrics are set up above; an empty list keeps the SDK from reading OTEL_METRICS_*.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();

  let stopping: Promise<{ timedOut: boolean; error?: unknown }> | undefined;
  return {
    tracer: trace.getTracer(options.service),
    meter,
    exporting: options.otlpEndpoint !== undefined,
    storing,
    traceStoreStats: () => store?.stats,
    metricsHandler: (req, res) => prometheus.getMetricsRequestHandler(req, res),
    shutdown(timeoutMs) {
      stopping ??= raceTimeout(
        Promise.all([sdk.shutdown(), meterProvider.shutdown()]).then(() => undefined),
        timeoutMs,
      );
      return stopping;
    },
  };
}

/** pod_trace_store_spans_total{outcome}: spans stored, or dropped and why. */
function observeTraceStore(meter: Meter, store: TraceStoreExporter): void {
  meter
    .createObservableCounter("pod.trace_store.spans", {
      description: "Finished spans given to the local trace store, by outcome",
    })
    .addCallback((result) => {
      const { exported, dropped } = store.stats;
      result.observe(exported, { outcome: "exported" });
      for (const [reason, count] of Object.entries(dropped)) {
        result.observe(count, { outcome: `dropped_${reason}` });
      }
    });
}

async function raceTimeout(
  work: Promise<void>,
  timeoutMs: number,
): Promise<{ timedOut: boolean; error?: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((done) => {
    timer = setTimeout(() => done("timeout"), Math.max(0, timeoutMs));
    timer.unref();
  });
  try {
    const outcome = await Promise.race([work.then(() => "done" as const), deadline]);
    return { timedOut: outcome === "timeout" };
  } catch (error) {
    return { timedOut: false, error };
  } finally {
    clearTimeout(timer);
  }
}

/** OpenTelemetry's own warnings (failed exports, bad settings) become service log lines. */
function diagToLog(log: Logger): DiagLogger {
  const child = log.child({ component: "opentelemetry" });
  const write = (message: string, args: unknown[]) =>
    child.warn({ details: args.map(describe) }, message);
  return {
    error: (message, ...args) => write(message, args),
    warn: (message, ...args) => write(message, args),
    info: () => {},
    debug: () => {},
    verbose: () => {},
  };
}

function describe(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code ? { code } : {}) };
  }
  return value;
}
