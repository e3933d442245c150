import type { Meter } from "@pod/runtime";

/** The bundler's own instruments (the runtime adds the consumer's). */
export interface BundlerMetrics {
  txSent(): void;
  txConfirmed(records: number, computeUnits: number, feeLamports: number): void;
  txFailed(reason: string): void;
  records(outcome: "confirmed" | "already_applied" | "failed" | "retried"): void;
  simulations(result: "ok" | "failed" | "cached"): void;
  /** Time one transaction spent in one stage of landing. */
  stage(stage: Stage, ms: number): void;
}

/** Where a transaction's time goes, in landing order. */
export const STAGES = [
  "plan",
  "lock_wait",
  "slot_wait",
  "simulate",
  "sign",
  "claim",
  "store_tx",
  "confirm",
  "cost",
] as const;
export type Stage = (typeof STAGES)[number];

export function createMetrics(
  meter: Meter,
  inFlight: () => number,
  queued: () => number,
  report?: { add(stage: Stage, ms: number): void; confirmed(records: number): void },
) {
  const sent = meter.createCounter("pod_bundler_tx_sent_total", {
    description: "Transactions signed and sent (each send attempt of a fresh signature)",
  });
  const confirmed = meter.createCounter("pod_bundler_tx_confirmed_total", {
    description: "Transactions confirmed without error",
  });
  const failed = meter.createCounter("pod_bundler_tx_failed_total", {
    description: "Transactions that landed with an error, expired, or could not be sent",
  });
  const recordsPerTx = meter.createHistogram("pod_bundler_records_per_tx", {
    description: "Records a confirmed transaction carried",
    advice: { explicitBucketBoundaries: [1, 2, 4, 6, 8, 10, 12, 14, 16, 24, 32, 64] },
  });
  const units = meter.createHistogram("pod_bundler_compute_units", {
    description: "Compute units a confirmed transaction consumed",
    advice: {
      explicitBucketBoundaries: [5e3, 1e4, 2.5e4, 5e4, 7.5e4, 1e5, 1.5e5, 2e5, 4e5, 8e5, 1.4e6],
    },
  });
  const fees = meter.createCounter("pod_bundler_fee_lamports_total", {
    description: "Transaction fees paid, lamports",
  });
  const outcomes = meter.createCounter("pod_bundler_records_total", {
    description: "Records settled by outcome",
  });
  const sims = meter.createCounter("pod_bundler_simulations_total", {
    description: "Simulations by result (cached: units reused, no simulation)",
  });
  const stages = meter.createHistogram("pod_bundler_stage_seconds", {
    description: "Time a transaction spent in each stage of landing",
    unit: "s",
    advice: {
      explicitBucketBoundaries: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    },
  });
  meter
    .createObservableGauge("pod_bundler_tx_in_flight", {
      description: "Transactions being simulated, sent or confirmed now",
    })
    .addCallback((r) => r.observe(inFlight()));
  meter
    .createObservableGauge("pod_bundler_queued_records", {
      description: "Records waiting in the batcher",
    })
    .addCallback((r) => r.observe(queued()));

  const metrics: BundlerMetrics = {
    txSent: () => sent.add(1),
    txConfirmed: (records, computeUnits, feeLamports) => {
      confirmed.add(1);
      report?.confirmed(records);
      recordsPerTx.record(records);
      units.record(computeUnits);
      fees.add(feeLamports);
    },
    txFailed: (reason) => failed.add(1, { reason }),
    records: (outcome) => outcomes.add(1, { outcome }),
    simulations: (result) => sims.add(1, { result }),
    stage: (stage, ms) => {
      stages.record(ms / 1000, { stage });
      report?.add(stage, ms);
    },
  };
  return metrics;
}
