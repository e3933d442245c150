import type { ServiceDefinition } from "@pod/runtime";
import { acceptUnchanged } from "./accept.js";

/** ingest: takes agents' requests from pod.ingest.<op>. */
export const ingestService: ServiceDefinition = {
  name: "ingest",
  httpPort: 8081,
  async start(ctx) {
    await ctx.consume((delivery) => acceptUnchanged(delivery));
  },
};
