import path from "node:path";
import type { ServiceDefinition } from "@pod/runtime";
import { ipfsConfigSchema } from "./config.js";
import { ContentStore } from "./content-store.js";
import { GATEWAY_PREFIX, gatewayHandler } from "./gateway.js";
import { serveIpfsGet } from "./get-responder.js";
import { openIpfsNode } from "./ipfs-node.js";
import { ipfsMetrics } from "./metrics.js";
import { startPeerLookup } from "./peer-lookup.js";
import { storeHandler } from "./store-handler.js";

/**
 * ipfs-storage: an offline helia node under DATA_DIR/ipfs. Stores the content of
 * pod.pipeline.store.<op> (CIDv1, raw leaves, pinned) and hands the record on to
 * pod.pipeline.ready.<op> with its CID; serves content by CID on pod.ipfs.get and on
 * GET /ipfs/<cid> of its HTTP port.
 */
export const ipfsStorageService: ServiceDefinition<typeof ipfsConfigSchema.shape> = {
  name: "ipfs-storage",
  httpPort: 8083,
  configSchema: ipfsConfigSchema,
  async start(ctx) {
    const { config, log } = ctx;
    const metrics = ipfsMetrics(ctx.meter);
    const node = await openIpfsNode({
      dir: path.join(config.DATA_DIR, "ipfs"),
      fsync: config.IPFS_FSYNC,
    });
    const store = new ContentStore(node, {
      maxContentBytes: config.IPFS_MAX_CONTENT_BYTES,
      readTimeoutMs: config.IPFS_READ_TIMEOUT_MS,
      writeTimeoutMs: config.IPFS_WRITE_TIMEOUT_MS,
    });
    // Hooks run last-registered first: pod.ipfs.get stops before the node does. The gateway
    // closes with the HTTP port, after the node: a read during the drain is answered 503.
    ctx.onShutdown(async () => {
      const { timedOut } = await store.close(config.IPFS_STOP_TIMEOUT_MS);
      if (timedOut) log.warn({ event: "ipfs_stop_abandoned" }, "ipfs node did not stop in time");
    }, "ipfs-node");
    await store.init();
    log.info(
      {
        event: "ipfs_node_started",
        dir: node.blocksDir,
        fsync: config.IPFS_FSYNC,
        max_content_bytes: store.maxContentBytes,
      },
      "ipfs node started (offline)",
    );
    ctx.addReadinessCheck("blockstore", () => store.probe());

    if (config.IPFS_PEER_TIMEOUT_MS > 0) {
      const peers = await startPeerLookup({
        servers: config.NATS_URL,
        name: ctx.name,
        store,
        log,
        timeoutMs: config.IPFS_PEER_TIMEOUT_MS,
        concurrency: config.IPFS_GET_CONCURRENCY,
      });
      ctx.onShutdown(() => peers.stop(), "ipfs-peers");
      store.setFallback(async (cid) => {
        const block = await peers.fetch(cid);
        metrics.peerFetch(block !== undefined);
        return block;
      });
    }

    const responder = serveIpfsGet({
      bus: ctx.bus,
      store,
      metrics,
      log,
      concurrency: config.IPFS_GET_CONCURRENCY,
    });
    ctx.onShutdown(() => responder.stop(), "ipfs-get");

    ctx.addHttpRoute(GATEWAY_PREFIX, gatewayHandler({ store, metrics, log }));

    await ctx.consume(storeHandler({ store, metrics, log }));
  },
};
