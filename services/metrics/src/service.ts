import type { ServiceDefinition } from "@pod/runtime";
import { eventCounter } from "./event-counter.js";

/** metrics: reads lifecycle events from pod.events.> and exposes them to Prometheus. */
export const metricsService: ServiceDefinition = {
  name: "metrics",
  httpPort: 8086,
  async start(ctx) {
    const count = eventCounter(ctx.meter);
    await ctx.consume(async (delivery) => count(delivery.subject));
  },
};
