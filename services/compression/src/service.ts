import type { ServiceDefinition } from "@pod/runtime";
import { compressionConfigSchema, policyOf } from "./config.js";
import { compressionHandler } from "./handler.js";
import { CompressionMetrics } from "./metrics.js";

/**
 * compression: takes accepted requests from `pod.pipeline.accepted.<op>`, chooses each
 * record's storage class and content encoding, and hands the record to the tx-bundler
 * (`pod.pipeline.ready.<op>`) or its content to ipfs-storage (`pod.pipeline.store.<op>`).
 */
export const compressionService: ServiceDefinition<typeof compressionConfigSchema.shape> = {
  name: "compression",
  httpPort: 8082,
  configSchema: compressionConfigSchema,
  async start(ctx) {
    const policy = policyOf(ctx.config);
    ctx.log.info({ event: "compression_policy", ...policy }, "storage policy");
    const metrics = new CompressionMetrics(ctx.meter);
    await ctx.consume(compressionHandler({ policy, metrics, log: ctx.log }));
  },
};
