/**
 * Explicit histogram bounds. The SDK's default (0..10 000 in a few steps) suits none of these:
 * latencies run from milliseconds to minutes (a saturated pipeline), compute units up to the
 * 1.4M a Solana transaction may use, records per transaction up to the protocol's 64.
 */

/** Publish to confirmed, and each stage: 5 ms to 10 minutes, in seconds. */
export const PIPELINE_LATENCY_SECONDS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 30, 60, 120, 300,
  600,
];

/** Confirmed to delivered (a push from the subscription service): 1 ms to a minute. */
export const DELIVERY_LATENCY_SECONDS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

/** Compute units of a transaction, or one message's share: 1k to the 1.4M ceiling. */
export const COMPUTE_UNITS = [
  1_000, 2_500, 5_000, 10_000, 20_000, 40_000, 60_000, 80_000, 100_000, 150_000, 200_000, 300_000,
  400_000, 600_000, 800_000, 1_000_000, 1_200_000, 1_400_000,
];

/** Lamports: a message's share of fee and rent, or a transaction's fee. */
export const LAMPORTS = [
  100, 250, 500, 1_000, 1_500, 2_000, 3_000, 5_000, 7_500, 10_000, 25_000, 50_000, 100_000, 250_000,
  1_000_000, 2_500_000, 5_000_000,
];

/** Records (requests) one transaction carried: 1 to 64. */
export const RECORDS_PER_TRANSACTION = [1, 2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 20, 24, 32, 48, 64];
