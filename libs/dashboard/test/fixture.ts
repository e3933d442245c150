import {
  SUMMARY_VERSION,
  type Percentiles,
  type Summary,
  type WindowSummary,
} from "../src/index.js";

const none: Percentiles = { count: 0, p50: null, p95: null, p99: null, max: null, mean: null };
const p = (count: number, p50: number, p95: number, p99: number, max: number): Percentiles => ({
  count,
  p50,
  p95,
  p99,
  max,
  mean: (p50 + p95) / 2,
});

function window(windowMs: number, scale: number): WindowSummary {
  const s = windowMs / 1000;
  return {
    windowMs,
    accepted: { count: 42 * scale, perSec: (42 * scale) / s },
    confirmed: {
      count: 40 * scale,
      perSec: (40 * scale) / s,
      byOp: { send_direct: 38 * scale, register_agent: 2 * scale },
    },
    failed: { count: scale, perSec: scale / s, byCode: { SIMULATION_FAILED: scale } },
    rejected: {
      count: 3 * scale,
      perSec: (3 * scale) / s,
      byCode: { RATE_LIMITED: 2 * scale, BAD_SIGNATURE: scale },
    },
    delivered: { count: 0, perSec: 0 },
    latencyMs: {
      publishToConfirmed: p(40 * scale, 212, 870, 1_430, 1_502),
      publishToConfirmedByOp: { send_direct: p(38 * scale, 205, 860, 1_400, 1_480) },
      confirmedToDelivered: none,
      stages: {
        accepted: p(40 * scale, 4.2, 9.6, 12, 14),
        content_stored: p(2 * scale, 31, 44, 44, 44),
        confirmed: p(40 * scale, 190, 800, 1_300, 1_400),
      },
    },
    cost: {
      messages: 40 * scale,
      transactions: 9 * scale,
      computeUnitsPerMessage: p(40 * scale, 5_200, 9_800, 12_000, 14_000),
      feeLamportsPerMessage: p(40 * scale, 1_100, 2_500, 5_000, 5_000),
      lamportsPerMessage: p(40 * scale, 1_300, 2_600, 5_100, 5_100),
      lamportsTotal: 61_234 * scale,
      recordsPerTransaction: p(9 * scale, 4, 8, 8, 8),
    },
  };
}

/** A summary with known figures in every section. */
export function sampleSummary(): Summary {
  const generatedAt = Date.UTC(2026, 11, 3, 12, 30, 15);
  return {
    v: SUMMARY_VERSION,
    service: "metrics",
    instanceId: "host-1",
    generatedAt,
    startedAt: generatedAt - 192_000,
    totals: {
      events: 1_234,
      accepted: 420,
      confirmed: 400,
      failed: 10,
      rejected: 30,
      delivered: 0,
      rejectedByCode: { RATE_LIMITED: 20, BAD_SIGNATURE: 10 },
      failedByCode: { SIMULATION_FAILED: 10 },
    },
    windows: { "1m": window(60_000, 1), "5m": window(300_000, 3), "15m": window(900_000, 10) },
    lag: {
      polledAt: generatedAt - 2_000,
      consumers: [
        {
          stream: "POD_EVENTS",
          durable: "metrics",
          service: "metrics",
          pending: 0,
          ackPending: 0,
          lag: 0,
        },
        {
          stream: "POD_PIPELINE",
          durable: "tx-bundler",
          service: "tx-bundler",
          pending: 17,
          ackPending: 5,
          lag: 22,
        },
      ],
    },
    dlq: { polledAt: generatedAt - 2_000, total: 4, byService: { compression: 4, ingest: 0 } },
    series: {
      stepMs: 5_000,
      t: [generatedAt - 5_000, generatedAt],
      confirmedPerSec: [1, 2],
      failedPerSec: [0, 0.2],
      rejectedPerSec: [0, 0],
      publishToConfirmedP50: [null, 212],
      publishToConfirmedP95: [null, 870],
      publishToConfirmedP99: [null, 1_430],
      lamportsPerMessage: [null, 1_300],
    },
  };
}
