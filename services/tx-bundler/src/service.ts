import type { ServiceDefinition } from "@pod/runtime";

/**
 * Why the consumer is bound but not pulled. Records are acked only after the chain confirms
 * them, and there is no chain writer yet: pulling now could only redeliver or lose them.
 */
export const NOT_PULLING_REASON =
  "no chain writer yet: ready records stay in the stream until the bundler lands them";

/** tx-bundler: the only writer to the chain; binds pod.pipeline.ready.> and holds it. */
export const txBundlerService: ServiceDefinition = {
  name: "tx-bundler",
  httpPort: 8084,
  async start(ctx) {
    // FIXME: pack, sign, send and confirm are not built; the durable is held, not consumed.
    await ctx.holdConsumer(NOT_PULLING_REASON);
  },
};
