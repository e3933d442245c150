import type { ServiceDefinition } from "@pod/runtime";
import { markReady } from "./ready.js";

/** compression: takes accepted requests from pod.pipeline.accepted.<op>. */
export const compressionService: ServiceDefinition = {
  name: "compression",
  httpPort: 8082,
  async start(ctx) {
    await ctx.consume((delivery) => markReady(delivery));
  },
};
