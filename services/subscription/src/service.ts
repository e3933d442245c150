import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpRouteHandler, ServiceDefinition } from "@pod/runtime";
import { ChallengeStore } from "./challenges.js";
import { subscriptionConfigSchema } from "./config.js";
import { DeliveryRecorder } from "./delivered.js";
import { EventFeed } from "./event-feed.js";
import { sendJson } from "@pod/runtime";
import { Hub } from "./hub.js";
import { Membership } from "./membership.js";
import { subscriptionMetrics } from "./metrics.js";
import { PROOF_PREFIX, proofRoute } from "./proof-route.js";
import { openProofSource } from "./proofs.js";
import { sseEndpoint } from "./sse-endpoint.js";
import { wsEndpoint } from "./ws-endpoint.js";

/** How long a drain waits for closed clients to go before their sockets are destroyed. */
const DRAIN_WAIT_MS = 1_000;

/**
 * subscription: pushes confirmed messages to the agents that may see them, over WebSocket
 * (GET /v1/ws) and Server-Sent Events (GET /v1/events), from this instance's own ordered
 * consumer of POD_EVENTS; serves inclusion proofs on GET /v1/proof/<requestKey>.
 */
export const subscriptionService: ServiceDefinition<typeof subscriptionConfigSchema.shape> = {
  name: "subscription",
  httpPort: 8085,
  configSchema: subscriptionConfigSchema,
  async start(ctx) {
    const { config, log, bus } = ctx;
    // No durable: every instance must see every event, so delivery reads POD_EVENTS through
    // ordered consumers of its own (see event-feed.ts).
    const challenges = await ChallengeStore.open(bus, {
      audience: config.SUBSCRIPTION_AUDIENCE,
      ttlMs: config.SUBSCRIPTION_CHALLENGE_TTL_MS,
      replicas: config.NATS_REPLICAS,
    });
    const proofs = openProofSource({
      rpcUrl: config.SOLANA_RPC_URL,
      tree: config.SUBSCRIPTION_STATE_TREE,
      enabled: config.SUBSCRIPTION_PROOFS,
      log,
    });
    ctx.onShutdown(() => proofs.stop(), "tree-follower");

    const membership = new Membership();
    // The feed and the hub refer to each other; the callbacks run only after both exist.
    const metrics = subscriptionMetrics(ctx.meter, {
      bufferedBytes: () => hub.bufferedBytes(),
      catchingUp: () => hub.replaying,
    });
    const feed: EventFeed = new EventFeed({
      bus,
      membership,
      proofs,
      log,
      proofWaitMs: config.SUBSCRIPTION_PROOF_WAIT_MS,
      messageIndexSize: config.SUBSCRIPTION_MESSAGE_INDEX_SIZE,
      wanted: (entry): boolean => hub.wanted(entry),
      dispatch: (entry) => hub.dispatch(entry),
    });
    const recorder = new DeliveryRecorder(bus, ctx.tracer, metrics, log);
    const hub: Hub = new Hub({
      maxConnections: config.SUBSCRIPTION_MAX_CONNECTIONS,
      maxBufferBytes: config.SUBSCRIPTION_MAX_BUFFER_BYTES,
      membership,
      recorder,
      metrics,
      log,
      replay: { bus, feed, proofs, log },
    });

    const started = Date.now();
    feed.start();
    ctx.onShutdown(() => feed.stop(), "event-feed");
    await feed.ready;
    log.info(
      {
        event: "membership_rebuilt",
        last_seq: feed.lastSeq,
        channels: membership.channels,
        transitions: membership.transitions,
        elapsed_ms: Date.now() - started,
        proofs: proofs.available,
      },
      "live tail caught up with POD_EVENTS",
    );
    ctx.addReadinessCheck("live-tail", () => ({ ok: true, detail: { last_seq: feed.lastSeq } }));
    ctx.addReadinessCheck("challenges", () => challenges.probe());

    const common = { hub, bus, metrics, log, closeGraceMs: config.SUBSCRIPTION_CLOSE_GRACE_MS };
    const ws = wsEndpoint({
      ...common,
      audience: config.SUBSCRIPTION_AUDIENCE,
      authTimeoutMs: config.SUBSCRIPTION_AUTH_TIMEOUT_MS,
      pingIntervalMs: config.SUBSCRIPTION_PING_INTERVAL_MS,
    });
    const sse = sseEndpoint({
      ...common,
      challenges,
      keepaliveMs: config.SUBSCRIPTION_PING_INTERVAL_MS,
    });
    const proof = proofRoute({ bus, feed, proofs });

    // Runs before the feed stops (hooks run last-registered first): clients hear why.
    ctx.onShutdown(async () => {
      const ended = hub.drain();
      sse.close();
      const deadline = Date.now() + DRAIN_WAIT_MS;
      while (ws.clients > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await ws.close();
      log.info({ event: "subscribers_drained", ended }, "subscribers told SERVER_DRAINING");
    }, "subscribers");

    const routes: HttpRouteHandler = Object.assign(
      (req: IncomingMessage, res: ServerResponse) => {
        const path = (req.url ?? "/").split("?")[0]!;
        const handle = (p: Promise<void>) =>
          p.catch((error: unknown) => {
            log.error({ event: "http_route_failed", path, err: error }, "request failed");
            if (!res.headersSent)
              sendJson(res, 500, { code: "INTERNAL", reason: "internal error" });
            else res.destroy();
          });
        if (path === "/v1/challenge") return void handle(sse.challenge(req, res));
        if (path === "/v1/events") return void handle(sse.events(req, res));
        if (path.startsWith(PROOF_PREFIX)) return void handle(proof(req, res));
        if (path === "/v1/ws") {
          return sendJson(res, 426, { code: "BAD_REQUEST", reason: "WebSocket upgrade required" });
        }
        sendJson(res, 404, { code: "NOT_FOUND", reason: `no route ${path}` });
      },
      { upgrade: ws.upgrade },
    );
    ctx.addHttpRoute("/v1/", routes);
  },
};
