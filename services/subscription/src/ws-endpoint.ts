import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "@pod/runtime";
import { verifyChallenge } from "@pod/protocol";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { authMessage, describeIssue } from "./auth-message.js";
import { newNonce } from "./challenges.js";
import { resolveCursor } from "./cursor.js";
import { CLOSE_CODES, closeReason, refusalOf, SubscriptionError } from "./errors.js";
import type { Hub } from "./hub.js";
import type { SubscriptionMetrics } from "./metrics.js";
import { WsSink } from "./ws-sink.js";
import type { Bus } from "@pod/bus";

export interface WsEndpointOptions {
  hub: Hub;
  bus: Bus;
  metrics: SubscriptionMetrics;
  log: Logger;
  audience: string;
  authTimeoutMs: number;
  pingIntervalMs: number;
  closeGraceMs: number;
}

/** An auth message is small; anything larger is not one. */
const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

/**
 * GET /v1/ws: challenge, auth within the timeout, then `ready` and one `message` frame per
 * delivery. Keepalive pings; a socket that missed a pong is terminated.
 */
export function wsEndpoint(opts: WsEndpointOptions) {
  const { hub, metrics, log } = opts;
  // Compression off: per-message deflate fragments memory and leaked in ws under load.
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_CLIENT_MESSAGE_BYTES,
    clientTracking: true,
  });
  const alive = new WeakMap<WebSocket, boolean>();

  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        log.debug({ event: "ws_dead_socket" }, "no pong since the last ping; terminated");
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, opts.pingIntervalMs);
  pinger.unref();

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/v1/ws") {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  }

  function accept(ws: WebSocket): void {
    alive.set(ws, true);
    ws.on("pong", () => alive.set(ws, true));
    ws.on("error", (error) => log.debug({ event: "ws_error", err: error }, "websocket error"));
    let release: () => void;
    try {
      release = hub.admit("ws");
    } catch (error) {
      const { code, reason } = refusalOf(error);
      ws.send(JSON.stringify({ type: "error", code, reason }));
      ws.close(CLOSE_CODES[code], closeReason(code, reason));
      return;
    }
    ws.once("close", () => release());
    const sink = new WsSink(ws, opts.closeGraceMs);
    const nonce = newNonce();
    const expiresAt = Date.now() + opts.authTimeoutMs;
    sink.sendJson({ type: "challenge", nonce, audience: opts.audience, expiresAt });
    const timer = setTimeout(() => {
      metrics.authFailed("ws", "AUTH_TIMEOUT");
      sink.fail("AUTH_TIMEOUT", `no auth within ${opts.authTimeoutMs} ms`);
    }, opts.authTimeoutMs);
    ws.once("close", () => clearTimeout(timer));
    ws.once("message", (data: RawData) => {
      clearTimeout(timer);
      void authenticate(ws, sink, nonce, data);
    });
  }

  async function authenticate(ws: WebSocket, sink: WsSink, nonce: string, data: RawData) {
    let json: unknown;
    try {
      json = JSON.parse(rawText(data));
    } catch {
      return refuse(sink, new SubscriptionError("BAD_REQUEST", "auth message is not JSON"));
    }
    const parsed = authMessage.safeParse(json);
    if (!parsed.success) {
      return refuse(sink, new SubscriptionError("BAD_REQUEST", describeIssue(parsed.error)));
    }
    const auth = parsed.data;
    if (!verifyChallenge(auth.agent, nonce, opts.audience, auth.signature)) {
      return refuse(
        sink,
        new SubscriptionError("AUTH_FAILED", "signature does not answer the challenge"),
      );
    }
    let cursor: number | undefined;
    try {
      cursor = auth.cursor === undefined ? undefined : await resolveCursor(opts.bus, auth.cursor);
    } catch (error) {
      return refuse(sink, error);
    }
    if (ws.readyState !== ws.OPEN) return;
    const session = hub.attach(auth.agent, auth.filter, sink);
    ws.once("close", () => hub.detach(session));
    sink.sendJson({ type: "ready", agent: auth.agent, cursor: auth.cursor ?? null });
    log.debug(
      {
        event: "subscriber_ready",
        transport: "ws",
        agent: auth.agent,
        cursor: auth.cursor ?? null,
      },
      "subscriber authenticated",
    );
    try {
      await hub.start(session, cursor);
    } catch (error) {
      log.error({ event: "replay_failed", err: error, agent: auth.agent }, "replay failed");
      session.end("INTERNAL", "replay from the cursor failed");
    }
  }

  function refuse(sink: WsSink, error: unknown): void {
    const { code, reason } = refusalOf(error);
    if (code === "AUTH_FAILED" || code === "BAD_REQUEST") metrics.authFailed("ws", code);
    sink.fail(code, reason);
  }

  return {
    upgrade,
    /** Terminates whatever is still open (the sessions were ended by the hub's drain). */
    close(): Promise<void> {
      clearInterval(pinger);
      for (const ws of wss.clients) ws.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
    get clients(): number {
      return wss.clients.size;
    },
  };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data as ArrayBuffer).toString("utf8");
}
