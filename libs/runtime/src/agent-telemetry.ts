import { hostname } from "node:os";
import { trace, type Tracer } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { NodeSDK } from "@opentelemetry/sdk-node";
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
} from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { SPAN_EXPORT } from "./telemetry.js";
import {
  RequestKeySpanProcessor,
  TraceStoreExporter,
  type TraceStoreConnection,
  type TraceStoreStats,
} from "./trace-store/index.js";

/** How long start-up waits for an own connection before spans are dropped until it is up. */
const CONNECT_WAIT_MS = 2_000;

export interface AgentTelemetryOptions {
  /** Service name of the agent process's spans, e.g. "pod-cli". */
  service: string;
  connection: TraceStoreConnection;
  /** How long spans wait before export; agents are short-lived, so shorter than services. */
  scheduledDelayMillis?: number;
}

export interface AgentTelemetry {
  tracer: Tracer;
  stats(): TraceStoreStats;
  /** Exports what has ended so far. */
  flush(): Promise<void>;
  /** Flushes and stops; resolves within `timeoutMs`. Idempotent. */
  shutdown(timeoutMs?: number): Promise<void>;
}

/**
 * OpenTelemetry for an agent process (CLI, MCP server, a script): spans (the bus's publish
 * spans among them) go to the local trace store, in the same traces as the pipeline's, with
 * async context propagation so a span started around a call parents the spans inside it.
 */
export async function startAgentTelemetry(options: AgentTelemetryOptions): Promise<AgentTelemetry> {
  const exporter = new TraceStoreExporter({
    service: options.service,
    connection: options.connection,
  });
  // Spans of a short-lived agent are worth a brief wait for the broker, not a hang.
  await raceTimeout(exporter.ready(), CONNECT_WAIT_MS);
  const sdk = new NodeSDK({
    autoDetectResources: false,
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.service,
      "service.instance.id": `${hostname()}-${process.pid}`,
    }),
    textMapPropagator: new W3CTraceContextPropagator(),
    spanProcessors: [
      new RequestKeySpanProcessor(),
      new BatchSpanProcessor(exporter, {
        ...SPAN_EXPORT,
        scheduledDelayMillis: options.scheduledDelayMillis ?? 200,
      }),
    ],
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();

  let stopping: Promise<void> | undefined;
  return {
    tracer: trace.getTracer(options.service),
    stats: () => exporter.stats,
    async flush() {
      // The global provider is a proxy in front of the SDK's; flushing goes to the real one.
      const proxy = trace.getTracerProvider() as { getDelegate?: () => unknown };
      const real = (proxy.getDelegate?.() ?? proxy) as { forceFlush?: () => Promise<void> };
      await real.forceFlush?.();
    },
    shutdown(timeoutMs = 2_000) {
      stopping ??= raceTimeout(
        sdk.shutdown().catch(() => undefined),
        timeoutMs,
      );
      return stopping;
    },
  };
}

/** Resolves when `work` does or after `ms`, whichever is first. */
function raceTimeout(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((done) => {
    const timer = setTimeout(done, ms);
    timer.unref();
    void work.finally(() => {
      clearTimeout(timer);
      done();
    });
  });
}
