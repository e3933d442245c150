import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:http";
import { LocalChain, type OpenReport } from "./chain/chain.js";
import type { LocalChainConfig } from "./config.js";
import { createRpcServer } from "./server/http.js";
import { SubscriptionRegistry } from "./server/subscriptions.js";
import { PubsubServer } from "./server/ws.js";

const DRAIN_MS = 2_000;

export interface LocalChainNode {
  chain: LocalChain;
  report: OpenReport;
  rpcUrl: string;
  /** The dedicated WebSocket URL (port + 1 by default), else the HTTP port's. */
  wsUrl: string;
  /** Stops serving, stops the clock and makes everything durable. Idempotent. */
  close(): Promise<void>;
}

export interface NodeHooks {
  onInternalError?: (method: string, error: unknown) => void;
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  server.listen(port, host);
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

/** Opens the ledger, loads genesis, and serves JSON-RPC and pubsub until closed. */
export async function startLocalChain(
  config: LocalChainConfig,
  hooks: NodeHooks = {},
): Promise<LocalChainNode> {
  const onInternalError = hooks.onInternalError ?? (() => undefined);
  const { chain, report } = await LocalChain.open({
    ledgerDir: config.ledgerDir,
    slotMs: config.slotMs,
    genesis: {
      podProgramPath: config.podProgramPath,
      podAuthorityPath: config.podAuthorityPath,
      light: config.light,
      programs: config.programs,
    },
  });
  const registry = new SubscriptionRegistry(chain);
  const pubsub = new PubsubServer(registry, {
    maxMessageBytes: config.maxRequestBytes,
    maxBufferedBytes: 16 * 1024 * 1024,
    heartbeatMs: 30_000,
    onInternalError,
  });
  const http = createRpcServer(
    { chain },
    { maxRequestBytes: config.maxRequestBytes, onInternalError },
  );
  // Longer than clients' idle pools keep sockets: a server closing an idle socket first races
  // with a client reusing it ("other side closed" on a POST that cannot be retried).
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  pubsub.attach(http);
  const httpPort = await listen(http, config.port, config.host);

  let wsServer: Server | null = null;
  let wsPort = httpPort;
  if (config.wsPort !== null) {
    wsServer = createServer((_req, res) => res.writeHead(426).end());
    pubsub.attach(wsServer);
    wsPort = await listen(wsServer, config.wsPort, config.host);
  }
  chain.start();

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      pubsub.close();
      registry.close();
      // Stop accepting, let in-flight requests (a send waiting for its fsync) answer, then
      // cut what is left.
      const closed = new Promise((r) => http.close(r));
      http.closeIdleConnections();
      const drained = await Promise.race([
        closed.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), DRAIN_MS).unref()),
      ]);
      if (!drained) {
        http.closeAllConnections();
        await closed;
      }
      if (wsServer !== null) await new Promise((r) => wsServer.close(r));
      await chain.close();
    })());

  return {
    chain,
    report,
    rpcUrl: `http://${config.host}:${httpPort}`,
    wsUrl: `ws://${config.host}:${wsPort}`,
    close,
  };
}
