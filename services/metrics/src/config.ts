import { envInt, envMillis } from "@pod/runtime";
import { z } from "zod";

/** metrics' own variables; the common ones (NATS_URL, SERVICE_HTTP_PORT, ...) come from the runtime. */
export const metricsConfigSchema = z.object({
  /** How often JetStream is asked for consumer backlogs and dead letters. */
  METRICS_POLL_MS: envMillis(100, 600_000).default(2_000),
  /** Requests held between accepted and confirmed for stage latency (bounded LRU). */
  METRICS_JOIN_CAPACITY: envInt(100, 10_000_000).default(100_000),
  /** A request not confirmed within this long leaves the join. */
  METRICS_JOIN_TTL_MS: envMillis(1_000, 24 * 3_600_000).default(15 * 60_000),
  /** How often /api/stream pushes a summary to each open dashboard. */
  METRICS_STREAM_INTERVAL_MS: envMillis(200, 60_000).default(2_000),
  /** Open /api/stream connections at most; more are refused with 503. */
  METRICS_STREAM_MAX_CLIENTS: envInt(1, 10_000).default(32),
  /** Distinct record.failed codes used as label values before the rest become OTHER. */
  METRICS_MAX_FAILURE_CODES: envInt(1, 1_000).default(50),
});

export type MetricsConfig = z.infer<typeof metricsConfigSchema>;
