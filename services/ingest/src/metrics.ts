import type { Meter } from "@opentelemetry/api";
import type { Operation, RejectionCode } from "@pod/protocol";

/** ingest's own figures, on the service's /metrics. */
export interface IngestMetrics {
  accepted(op: Operation): void;
  rejected(code: RejectionCode, op: Operation | undefined): void;
  agentsLearned(count: number): void;
  checkDuration(seconds: number): void;
}

export function ingestMetrics(meter: Meter): IngestMetrics {
  const accepted = meter.createCounter("pod_ingest_accepted", {
    description: "Requests accepted into the pipeline, by operation",
  });
  const rejected = meter.createCounter("pod_ingest_rejected", {
    description: "Requests refused, by rejection code and operation",
  });
  const learned = meter.createCounter("pod_ingest_agents_learned", {
    description: "Agents added to the directory from confirmed registrations",
  });
  const duration = meter.createHistogram("pod_ingest_check_duration_seconds", {
    description: "Time from delivery to the verdict, accepted or rejected",
    unit: "s",
    advice: { explicitBucketBoundaries: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1] },
  });
  return {
    accepted: (op) => accepted.add(1, { op }),
    rejected: (code, op) => rejected.add(1, { code, op: op ?? "unknown" }),
    agentsLearned: (count) => learned.add(count),
    checkDuration: (seconds) => duration.record(seconds),
  };
}
