import type { Meter } from "@pod/runtime";
import {
  COMPUTE_UNITS,
  DELIVERY_LATENCY_SECONDS,
  LAMPORTS,
  PIPELINE_LATENCY_SECONDS,
  RECORDS_PER_TRANSACTION,
} from "./buckets.js";

/**
 * The service's Prometheus instruments (OpenTelemetry, served on /metrics). Names carry their
 * unit; counters get `_total` from the exporter. Label values come from closed sets (ops,
 * rejection codes, stages, services) or are capped (see LabelCap).
 */
export interface Instruments {
  publishToConfirmed(op: string, seconds: number): void;
  confirmedToDelivered(op: string, transport: string, seconds: number): void;
  stage(stage: string, op: string, seconds: number): void;
  accepted(op: string): void;
  confirmed(op: string, storage: string): void;
  failed(op: string, code: string): void;
  rejected(op: string, code: string): void;
  delivered(op: string, transport: string): void;
  /** Per message: its share of the transaction's compute units, fee, and fee plus rent. */
  messageCost(op: string, storage: string, cost: MessageCost): void;
  /** Once per transaction (the first of its records seen). */
  transaction(computeUnits: number, feeLamports: number, records: number): void;
  invalidEvent(subject: string): void;
}

export interface MessageCost {
  computeUnits: number;
  feeLamports: number;
  lamports: number;
}

export function createInstruments(meter: Meter): Instruments {
  const seconds = (name: string, description: string, bounds: number[]) =>
    meter.createHistogram(name, {
      description,
      unit: "s",
      advice: { explicitBucketBoundaries: bounds },
    });
  const histogram = (name: string, description: string, bounds: number[]) =>
    meter.createHistogram(name, { description, advice: { explicitBucketBoundaries: bounds } });
  const counter = (name: string, description: string) => meter.createCounter(name, { description });

  const e2e = seconds(
    "pod_publish_to_confirmed_seconds",
    "From the agent's request ts (record.createdAt) to record.confirmed, by op",
    PIPELINE_LATENCY_SECONDS,
  );
  const delivery = seconds(
    "pod_confirmed_to_delivered_seconds",
    "From record.confirmed to message.delivered (pushed to a recipient), by op and transport",
    DELIVERY_LATENCY_SECONDS,
  );
  const stages = seconds(
    "pod_stage_latency_seconds",
    "Time of each step from the one before: accepted (from the agent's ts), content_stored " +
      "(from accepted), confirmed (from content stored, else accepted), by stage and op",
    PIPELINE_LATENCY_SECONDS,
  );
  const accepted = counter("pod_requests_accepted", "Requests ingest accepted, by op");
  const rejected = counter("pod_requests_rejected", "Requests ingest rejected, by code and op");
  const confirmed = counter(
    "pod_records_confirmed",
    "Records confirmed on chain, by op and storage",
  );
  const failed = counter(
    "pod_records_failed",
    "Records that ended in record.failed, by op and code",
  );
  const delivered = counter(
    "pod_messages_delivered",
    "Messages pushed to recipients, by op and transport",
  );
  const cuPerMessage = histogram(
    "pod_message_compute_units",
    "A confirmed record's share of its transaction's compute units (CU / records in it)",
    COMPUTE_UNITS,
  );
  const feePerMessage = histogram(
    "pod_message_fee_lamports",
    "A confirmed record's share of its transaction's fee, lamports",
    LAMPORTS,
  );
  const lamportsPerMessage = histogram(
    "pod_message_cost_lamports",
    "A confirmed record's lamports: its share of fee and rent (lamportsPerMessage)",
    LAMPORTS,
  );
  const txCu = histogram(
    "pod_transaction_compute_units",
    "Compute units of each transaction that carried records",
    COMPUTE_UNITS,
  );
  const txFee = histogram(
    "pod_transaction_fee_lamports",
    "Fee of each transaction, lamports",
    LAMPORTS,
  );
  const txRecords = histogram(
    "pod_transaction_records",
    "Records (requests) each transaction carried (bundleSize)",
    RECORDS_PER_TRANSACTION,
  );
  const invalid = counter(
    "pod_events_invalid",
    "Events under pod.events.> that failed their schema (counted, acked, not measured)",
  );

  type Labels = Record<string, string>;
  const rec = (h: { record(v: number, a?: Labels): void }, v: number, a?: Labels) =>
    h.record(Math.max(0, v), a);
  return {
    publishToConfirmed: (op, s) => rec(e2e, s, { op }),
    confirmedToDelivered: (op, transport, s) => rec(delivery, s, { op, transport }),
    stage: (stage, op, s) => rec(stages, s, { stage, op }),
    accepted: (op) => accepted.add(1, { op }),
    confirmed: (op, storage) => confirmed.add(1, { op, storage }),
    failed: (op, code) => failed.add(1, { op, code }),
    rejected: (op, code) => rejected.add(1, { op, code }),
    delivered: (op, transport) => delivered.add(1, { op, transport }),
    messageCost(op, storage, cost) {
      rec(cuPerMessage, cost.computeUnits, { op });
      rec(feePerMessage, cost.feeLamports, { op });
      rec(lamportsPerMessage, cost.lamports, { op, storage });
    },
    transaction(cu, fee, records) {
      rec(txCu, cu);
      rec(txFee, fee);
      rec(txRecords, records);
    },
    invalidEvent: (subject) => invalid.add(1, { subject }),
  };
}

/**
 * Keeps a label's distinct values bounded: the first `max` values seen pass, later new ones
 * become "OTHER". For codes that a service may mint (record.failed carries any
 * UPPER_SNAKE_CASE code), so a misbehaving publisher cannot grow the series without bound.
 */
export class LabelCap {
  readonly #seen = new Set<string>();
  constructor(private readonly max: number) {}

  of(value: string): string {
    if (this.#seen.has(value)) return value;
    if (this.#seen.size >= this.max) return "OTHER";
    this.#seen.add(value);
    return value;
  }
}
