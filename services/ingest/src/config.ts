import { MAX_CONTENT_BYTES, MAX_REQUEST_BYTES } from "@pod/protocol";
import { envInt, envMillis, type ServiceConfig } from "@pod/runtime";
import { z } from "zod";

/** ingest's own variables; the common ones (NATS_URL, ...) come from the runtime. */
export const ingestConfigSchema = z.object({
  /** Largest request, in bytes of its JSON; at most the protocol's MAX_REQUEST_BYTES. */
  INGEST_MAX_REQUEST_BYTES: envInt(256, MAX_REQUEST_BYTES).default(MAX_REQUEST_BYTES),
  /** Largest message content (text as UTF-8, or decoded bytes); at most MAX_CONTENT_BYTES. */
  INGEST_MAX_TEXT_BYTES: envInt(1, MAX_CONTENT_BYTES).default(MAX_CONTENT_BYTES),
  /** How far a request's `ts` may be from ingest's clock, either way. */
  INGEST_MAX_CLOCK_SKEW_MS: envMillis(1_000, 3_600_000).default(300_000),
  /** Tokens an agent's bucket regains per second. */
  INGEST_RATE_PER_SEC: envInt(1, 1_000_000).default(100),
  /** Size of an agent's bucket: the most requests it may send at once. */
  INGEST_RATE_BURST: envInt(1, 1_000_000).default(200),
  /**
   * Requests handled at once by one instance, when it should differ from
   * CONSUMER_CONCURRENCY (the default). Each request waits on several broker round trips;
   * the consumer's max_ack_pending (1000) bounds the sum over instances.
   */
  INGEST_CONCURRENCY: envInt(1, 1_000).optional(),
  /**
   * Worker threads for checks 1-4 (parsing, schema, signatures), so they use another core
   * than the thread doing NATS round trips; 0 runs them inline (also the fallback when a
   * worker cannot start).
   */
  INGEST_CHECK_WORKERS: envInt(0, 64).default(1),
  /** Known agents remembered in memory (the directory only grows, so a hit is final). */
  INGEST_AGENT_CACHE_SIZE: envInt(0, 10_000_000).default(100_000),
});

export type IngestConfig = ServiceConfig<typeof ingestConfigSchema.shape>;

/** The limits the request checks apply, read once from the config. */
export interface IngestLimits {
  maxRequestBytes: number;
  maxTextBytes: number;
  maxClockSkewMs: number;
}

export function limitsOf(config: IngestConfig): IngestLimits {
  return {
    maxRequestBytes: config.INGEST_MAX_REQUEST_BYTES,
    maxTextBytes: config.INGEST_MAX_TEXT_BYTES,
    maxClockSkewMs: config.INGEST_MAX_CLOCK_SKEW_MS,
  };
}
