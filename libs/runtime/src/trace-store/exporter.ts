import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import { subjects } from "@pod/protocol";
import { TRACE_ATTR } from "../trace-attributes.js";
import { connectionWatch, type ConnectionWatch } from "./connection-watch.js";
import {
  SPAN_RECORD_VERSION,
  spanRecordOf,
  type SpanRecord,
  type TraceIndexEntry,
} from "./span-record.js";

/** Named bounds of the trace store exporter. */
export const TRACE_STORE_LIMITS = {
  /** A message on pod.traces.span.<traceId> stays under this (the server's default is 1 MiB). */
  maxMessageBytes: 128 * 1024,
  /** Trace ids whose request key index was published, remembered to publish it once. */
  maxIndexedTraces: 10_000,
  /** Bytes of pending output on the connection above which a batch is dropped, not queued. */
  maxPendingBytes: 4 * 1024 * 1024,
} as const;

/** How long after a failed first connection its own connection is tried again. */
const RECONNECT_MS = 2_000;

/** Where the exporter publishes: a connection it shares (never closed here) or its own. */
export type TraceStoreConnection =
  { nc: NatsConnection } | { servers: string | string[]; name?: string };

export interface TraceStoreExporterOptions {
  /** Service name of spans whose resource names none. */
  service: string;
  connection: TraceStoreConnection;
  maxMessageBytes?: number;
  maxIndexedTraces?: number;
  maxPendingBytes?: number;
}

/** What the exporter did since it started; `dropped` counts spans, by reason. */
export interface TraceStoreStats {
  exported: number;
  messages: number;
  indexed: number;
  dropped: { disconnected: number; oversized: number; backlog: number; failed: number };
}

/**
 * A SpanExporter into the local trace store (stream POD_TRACES): each batch becomes one core
 * NATS publish per trace on pod.traces.span.<traceId> (split to stay under maxMessageBytes),
 * and the first span of a trace that names a request key adds pod.traces.request.<key>.
 * Core publishes (no PubAck to wait for, no bus span) keep export off the service's path:
 * while NATS is down, or its output backs up, spans are dropped and counted, never queued.
 */
export class TraceStoreExporter implements SpanExporter {
  readonly #service: string;
  readonly #limits: Required<Omit<TraceStoreExporterOptions, "service" | "connection">>;
  #indexed = new Set<string>();
  #indexedBefore = new Set<string>();
  readonly #stats: TraceStoreStats = {
    exported: 0,
    messages: 0,
    indexed: 0,
    dropped: { disconnected: 0, oversized: 0, backlog: 0, failed: 0 },
  };
  readonly #owned: boolean;
  #nc: NatsConnection | undefined;
  #watch: ConnectionWatch | undefined;
  readonly #opening: Promise<void> | undefined;
  #stopped = false;

  constructor(options: TraceStoreExporterOptions) {
    this.#service = options.service;
    this.#limits = {
      maxMessageBytes: options.maxMessageBytes ?? TRACE_STORE_LIMITS.maxMessageBytes,
      maxIndexedTraces: options.maxIndexedTraces ?? TRACE_STORE_LIMITS.maxIndexedTraces,
      maxPendingBytes: options.maxPendingBytes ?? TRACE_STORE_LIMITS.maxPendingBytes,
    };
    const { connection } = options;
    this.#owned = !("nc" in connection);
    if ("nc" in connection) {
      this.#attach(connection.nc);
    } else {
      this.#opening = this.#open(connection, options.service);
    }
  }

  /**
   * Opens its own connection; a broker that is not there yet is tried again every few
   * seconds (on an unref'd timer, so a process that is done exits) until `shutdown`.
   */
  async #open(connection: { servers: string | string[]; name?: string }, service: string) {
    while (!this.#stopped) {
      try {
        const nc = await connect({
          servers: connection.servers,
          name: connection.name ?? `${service}-traces`,
          maxReconnectAttempts: -1,
          noAsyncTraces: true,
        });
        if (this.#stopped) return void (await nc.close());
        return this.#attach(nc);
      } catch {
        await new Promise((r) => setTimeout(r, RECONNECT_MS).unref());
      }
    }
  }

  get stats(): TraceStoreStats {
    return this.#stats;
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    try {
      this.#export(spans);
      done({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      this.#stats.dropped.failed += spans.length;
      done({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  #export(spans: ReadableSpan[]): void {
    const nc = this.#nc;
    if (!nc || this.#stopped || !this.#watch?.connected || nc.isClosed()) {
      this.#stats.dropped.disconnected += spans.length;
      return;
    }
    if (this.#watch.pendingBytes() > this.#limits.maxPendingBytes) {
      this.#stats.dropped.backlog += spans.length;
      return;
    }
    const byTrace = new Map<string, SpanRecord[]>();
    for (const span of spans) {
      const record = spanRecordOf(span, this.#service);
      const list = byTrace.get(record.traceId);
      if (list) list.push(record);
      else byTrace.set(record.traceId, [record]);
      this.#index(nc, record);
    }
    for (const [traceId, records] of byTrace) this.#publishTrace(nc, traceId, records);
  }

  /** Publishes `{v, spans}` messages of one trace, each under maxMessageBytes. */
  #publishTrace(nc: NatsConnection, traceId: string, records: SpanRecord[]): void {
    const subject = subjects.traceSpans(traceId);
    const head = `{"v":${SPAN_RECORD_VERSION},"spans":[`;
    const budget = this.#limits.maxMessageBytes - head.length - 2;
    let parts: string[] = [];
    let size = 0;
    const flush = () => {
      if (parts.length === 0) return;
      nc.publish(subject, `${head}${parts.join(",")}]}`);
      this.#stats.messages++;
      this.#stats.exported += parts.length;
      parts = [];
      size = 0;
    };
    for (const record of records) {
      const json = JSON.stringify(record);
      const bytes = Buffer.byteLength(json);
      if (bytes > budget) {
        this.#stats.dropped.oversized++;
        continue;
      }
      if (size + bytes + 1 > budget) flush();
      parts.push(json);
      size += bytes + 1;
    }
    flush();
  }

  /** pod.traces.request.<key> -> {traceId}, once per trace (the server dedups the others). */
  #index(nc: NatsConnection, record: SpanRecord): void {
    const requestKey = record.attributes[TRACE_ATTR.requestKey];
    if (typeof requestKey !== "string") return;
    const id = `${requestKey}:${record.traceId}`;
    if (this.#indexed.has(id) || this.#indexedBefore.has(id)) return;
    this.#indexed.add(id);
    // Two generations instead of evicting one by one: deleting a Set's oldest entries leaves
    // holes its iterator walks over, which made each eviction cost more than a publish.
    if (this.#indexed.size >= this.#limits.maxIndexedTraces / 2) {
      this.#indexedBefore = this.#indexed;
      this.#indexed = new Set();
    }
    const entry: TraceIndexEntry = {
      v: SPAN_RECORD_VERSION,
      requestKey,
      traceId: record.traceId,
    };
    const h = headers();
    // Every service indexes the same pair: JetStream stores it once within its dedup window.
    h.set("Nats-Msg-Id", `trace:${id}`);
    nc.publish(subjects.traceOfRequest(requestKey), JSON.stringify(entry), { headers: h });
    this.#stats.indexed++;
  }

  /** Waits until what was published reached the server (bounded by the caller). */
  async forceFlush(): Promise<void> {
    if (this.#nc && this.#watch?.connected && !this.#nc.isClosed()) {
      await this.#nc.flush().catch(() => undefined);
    }
  }

  /** Flushes and, when it opened the connection itself, closes it. Idempotent. */
  async shutdown(): Promise<void> {
    if (this.#stopped) return;
    await this.forceFlush();
    this.#stopped = true;
    this.#watch?.stop();
    if (this.#owned) await this.#nc?.close().catch(() => undefined);
  }

  #attach(nc: NatsConnection): void {
    this.#nc = nc;
    this.#watch = connectionWatch(nc);
  }

  /** Resolves once its own connection is open (or shut down); at once for a shared one. */
  ready(): Promise<void> {
    return this.#opening ?? Promise.resolve();
  }
}
