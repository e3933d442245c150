import type { ServiceDefinition } from "@pod/runtime";

/** subscription: reads lifecycle events from pod.events.>. */
export const subscriptionService: ServiceDefinition = {
  name: "subscription",
  httpPort: 8085,
  async start(ctx) {
    const received = ctx.meter.createCounter("pod_subscription_events_received", {
      description: "Lifecycle events read by subscription (none is pushed to agents yet)",
    });
    // FIXME: no agent connections, filters or cursors yet: events are counted and acked.
    await ctx.consume(async (delivery) => {
      received.add(1);
      ctx.log.debug({ event: "event_received", subject: delivery.subject }, "event");
    });
  },
};
