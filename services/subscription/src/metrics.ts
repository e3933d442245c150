import type { Meter } from "@pod/runtime";
import type { SubscriptionErrorCode } from "./errors.js";
import type { Transport } from "./session.js";

export interface SubscriptionMetrics {
  connected(transport: Transport, delta: 1 | -1): void;
  delivered(transport: Transport, op: string, latencyMs: number, proof: boolean): void;
  cut(transport: Transport, code: SubscriptionErrorCode): void;
  authFailed(transport: Transport, code: SubscriptionErrorCode): void;
  refused(transport: Transport, code: SubscriptionErrorCode): void;
  deliveredEventDropped(): void;
}

/** The service's own instruments, on the runtime's meter (served on /metrics). */
export function subscriptionMetrics(
  meter: Meter,
  observe: { bufferedBytes(): number; catchingUp(): number },
): SubscriptionMetrics {
  const connections = meter.createUpDownCounter("pod_subscription_connections", {
    description: "Open subscriber connections, by transport (ws, sse)",
  });
  const deliveries = meter.createCounter("pod_subscription_deliveries", {
    description: "Messages written to a subscriber, by transport, op and whether a proof came",
  });
  const latency = meter.createHistogram("pod_subscription_delivery_latency", {
    description: "From the confirmed event's `at` to the message written to the subscriber",
    unit: "ms",
    advice: { explicitBucketBoundaries: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000] },
  });
  const cuts = meter.createCounter("pod_subscription_disconnects", {
    description: "Connections ended by the service, by code (SLOW_CONSUMER, SERVER_DRAINING, ...)",
  });
  const slow = meter.createCounter("pod_subscription_slow_consumer_cuts", {
    description: "Subscribers cut because their outgoing buffer passed the limit",
  });
  const authFailures = meter.createCounter("pod_subscription_auth_failures", {
    description: "Refused authentications, by code (AUTH_FAILED, AUTH_TIMEOUT, BAD_REQUEST)",
  });
  const refusals = meter.createCounter("pod_subscription_refusals", {
    description:
      "Connections refused before authentication (TOO_MANY_CONNECTIONS, SERVER_DRAINING)",
  });
  const dropped = meter.createCounter("pod_subscription_delivered_events_dropped", {
    description: "pod.events.message.delivered events not published (broker slow or failing)",
  });
  meter
    .createObservableGauge("pod_subscription_buffered_bytes", {
      description: "Bytes written to subscribers and not yet taken by their sockets, all together",
      unit: "By",
    })
    .addCallback((result) => result.observe(observe.bufferedBytes()));
  meter
    .createObservableGauge("pod_subscription_replays", {
      description: "Subscribers replaying from a cursor (not yet on the live tail)",
    })
    .addCallback((result) => result.observe(observe.catchingUp()));

  return {
    connected: (transport, delta) => connections.add(delta, { transport }),
    delivered(transport, op, latencyMs, proof) {
      deliveries.add(1, { transport, op, proof });
      latency.record(Math.max(0, latencyMs), { transport });
    },
    cut(transport, code) {
      cuts.add(1, { transport, code });
      if (code === "SLOW_CONSUMER") slow.add(1, { transport });
    },
    authFailed: (transport, code) => authFailures.add(1, { transport, code }),
    refused: (transport, code) => refusals.add(1, { transport, code }),
    deliveredEventDropped: () => dropped.add(1),
  };
}
