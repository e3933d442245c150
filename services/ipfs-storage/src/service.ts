import type { ServiceDefinition } from "@pod/runtime";
import { passToReady } from "./pass-to-ready.js";

/** ipfs-storage: takes large content from pod.pipeline.store.<op>. */
export const ipfsStorageService: ServiceDefinition = {
  name: "ipfs-storage",
  httpPort: 8083,
  async start(ctx) {
    await ctx.consume((delivery) => passToReady(delivery));
  },
};
