import { OPERATIONS } from "@pod/protocol";
import { z } from "zod";

/**
 * GET /api/summary of the metrics service: the same figures as its Prometheus metrics, over
 * recent windows, computed from the service's own rolling windows (not from Prometheus).
 * Latencies are milliseconds; rates are per second; costs are lamports and compute units.
 */

export const SUMMARY_VERSION = 1;

/** The windows every summary carries, longest last. */
export const SUMMARY_WINDOWS = ["1m", "5m", "15m"] as const;
export type SummaryWindow = (typeof SUMMARY_WINDOWS)[number];

/** The steps of a request between the agent's publish and its confirmation. */
export const STAGES = ["accepted", "content_stored", "confirmed"] as const;
export type StageName = (typeof STAGES)[number];

const count = z.number().int().nonnegative();
const amount = z.number().nonnegative().finite();
/** A figure that does not exist when nothing was measured. */
const maybe = amount.nullable();
const byKey = z.record(z.string(), count);

/** Distribution of one latency or cost figure; null figures when `count` is 0. */
export const percentilesSchema = z.strictObject({
  count,
  p50: maybe,
  p95: maybe,
  p99: maybe,
  max: maybe,
  mean: maybe,
});

/** How many in the window and the rate over the window's length. */
export const throughputSchema = z.strictObject({ count, perSec: amount });

export const windowSummarySchema = z.strictObject({
  windowMs: z.number().int().positive(),
  accepted: throughputSchema,
  confirmed: throughputSchema.extend({ byOp: byKey }),
  failed: throughputSchema.extend({ byCode: byKey }),
  rejected: throughputSchema.extend({ byCode: byKey }),
  delivered: throughputSchema,
  latencyMs: z.strictObject({
    /** record.createdAt (the agent's request ts) to record.confirmed, every op. */
    publishToConfirmed: percentilesSchema,
    publishToConfirmedByOp: z.partialRecord(z.enum(OPERATIONS), percentilesSchema),
    /** record.confirmed to message.delivered. */
    confirmedToDelivered: percentilesSchema,
    /** Each step from the previous one (publish, accepted, content stored). */
    stages: z.strictObject({
      accepted: percentilesSchema,
      content_stored: percentilesSchema,
      confirmed: percentilesSchema,
    }),
  }),
  cost: z.strictObject({
    /** Confirmed requests the figures below cover. */
    messages: count,
    /** Distinct transactions those requests landed in. */
    transactions: count,
    computeUnitsPerMessage: percentilesSchema,
    feeLamportsPerMessage: percentilesSchema,
    lamportsPerMessage: percentilesSchema,
    lamportsTotal: amount,
    recordsPerTransaction: percentilesSchema,
  }),
});

export const consumerLagSchema = z.strictObject({
  stream: z.string(),
  durable: z.string(),
  /** The service the durable belongs to (durables are named after their service). */
  service: z.string(),
  pending: count,
  ackPending: count,
  /** pending + ackPending. */
  lag: count,
});

/** Point-in-time series for the dashboard's charts, one point per `stepMs`, oldest first. */
export const seriesSchema = z.strictObject({
  stepMs: z.number().int().positive(),
  /** Start of each step, ms since the epoch. */
  t: z.array(z.number()),
  confirmedPerSec: z.array(amount),
  failedPerSec: z.array(amount),
  rejectedPerSec: z.array(amount),
  publishToConfirmedP50: z.array(maybe),
  publishToConfirmedP95: z.array(maybe),
  publishToConfirmedP99: z.array(maybe),
  lamportsPerMessage: z.array(maybe),
});

export const summarySchema = z.strictObject({
  v: z.literal(SUMMARY_VERSION),
  service: z.string(),
  instanceId: z.string(),
  generatedAt: z.number().int().nonnegative(),
  startedAt: z.number().int().nonnegative(),
  /** Counts since the service started reading (its durable resumes where it stopped). */
  totals: z.strictObject({
    events: count,
    accepted: count,
    confirmed: count,
    failed: count,
    rejected: count,
    delivered: count,
    rejectedByCode: byKey,
    failedByCode: byKey,
  }),
  windows: z.strictObject({
    "1m": windowSummarySchema,
    "5m": windowSummarySchema,
    "15m": windowSummarySchema,
  }),
  lag: z.strictObject({
    /** When JetStream was last asked; null before the first poll answered. */
    polledAt: z.number().int().nonnegative().nullable(),
    consumers: z.array(consumerLagSchema),
  }),
  dlq: z.strictObject({
    polledAt: z.number().int().nonnegative().nullable(),
    total: count,
    byService: byKey,
  }),
  series: seriesSchema,
});

export type Percentiles = z.infer<typeof percentilesSchema>;
export type Throughput = z.infer<typeof throughputSchema>;
export type WindowSummary = z.infer<typeof windowSummarySchema>;
export type ConsumerLag = z.infer<typeof consumerLagSchema>;
export type SummarySeries = z.infer<typeof seriesSchema>;
export type Summary = z.infer<typeof summarySchema>;
