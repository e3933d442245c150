import type { Meter } from "@pod/runtime";
import type { JetStreamPoller } from "./jetstream-poller.js";
import type { RequestJoin } from "./request-join.js";

/**
 * Gauges read at scrape time from the poller's last answer (no NATS call inside a scrape) and
 * from the request join's state.
 */
export function registerGauges(meter: Meter, poller: JetStreamPoller, join: RequestJoin): void {
  const pending = meter.createObservableGauge("pod_consumer_pending_messages", {
    description: "Messages of a durable's filter not yet delivered (num_pending), by durable",
  });
  const ackPending = meter.createObservableGauge("pod_consumer_ack_pending_messages", {
    description: "Messages delivered to a durable and not yet acked (num_ack_pending)",
  });
  const lag = meter.createObservableGauge("pod_consumer_lag_messages", {
    description: "num_pending + num_ack_pending of each durable: the backlog of its service",
  });
  const dlq = meter.createObservableGauge("pod_dlq_messages", {
    description: "Dead letters held in POD_DLQ, by the service that parked them",
  });
  const joinSize = meter.createObservableGauge("pod_metrics_join_requests", {
    description: "Requests seen accepted and not yet confirmed or failed, held for stage latency",
  });
  const joinEvicted = meter.createObservableCounter("pod_metrics_join_evicted", {
    description: "Requests dropped from the stage join for room before they finished",
  });

  meter.addBatchObservableCallback(
    (result) => {
      for (const c of poller.lag) {
        const labels = { service: c.service, stream: c.stream, durable: c.durable };
        result.observe(pending, c.pending, labels);
        result.observe(ackPending, c.ackPending, labels);
        result.observe(lag, c.lag, labels);
      }
      if (poller.dlqPolledAt !== null) {
        for (const [service, n] of Object.entries(poller.dlq.byService)) {
          result.observe(dlq, n, { service });
        }
      }
      result.observe(joinSize, join.size);
      result.observe(joinEvicted, join.evicted);
    },
    [pending, ackPending, lag, dlq, joinSize, joinEvicted],
  );
}
