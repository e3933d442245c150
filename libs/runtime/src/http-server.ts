import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import type { Lifecycle } from "./lifecycle.js";
import type { Readiness } from "./readiness.js";

export interface HttpServerOptions {
  host: string;
  port: number;
  service: string;
  lifecycle: Lifecycle;
  readiness: Readiness;
  metricsHandler: (req: IncomingMessage, res: ServerResponse) => void;
  log: Logger;
}

/** Takes over the socket of an HTTP upgrade request (e.g. a WebSocket handshake). */
export type HttpUpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * A service's own HTTP route: it answers every request whose path starts with its prefix.
 * With `upgrade` set, it also takes upgrade requests under that prefix; without, they are
 * refused with 404.
 */
export type HttpRouteHandler = ((req: IncomingMessage, res: ServerResponse) => void) & {
  upgrade?: HttpUpgradeHandler;
};

/** The runtime's own paths; a service route may not shadow them. */
const BUILT_IN_ROUTES = ["/healthz", "/readyz", "/metrics"] as const;

export interface HttpServer {
  /** The bound port (differs from the requested one when that was 0). */
  port: number;
  url: string;
  /**
   * Serves `handler` for every request (any method) whose path starts with `prefix`, which must
   * start and end with "/" (e.g. "/ipfs/") and not cover a built-in route. Later requests only.
   */
  addRoute(prefix: string, handler: HttpRouteHandler): void;
  close(): Promise<void>;
}

/**
 * The service's one HTTP port: /healthz (the process answers), /readyz (200 only while running
 * and every readiness check passes, else 503, with each check in the body) and /metrics.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { lifecycle, readiness, log } = options;
  const routes = new Map<string, HttpRouteHandler>();

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (!(BUILT_IN_ROUTES as readonly string[]).includes(path)) {
      // Longest prefix first: "/" (a catch-all, e.g. a page at the root) answers last.
      const prefix = [...routes.keys()]
        .filter((p) => path.startsWith(p))
        .sort((a, b) => b.length - a.length)[0];
      if (prefix !== undefined) return routes.get(prefix)!(req, res);
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      return sendJson(res, 405, { error: "method not allowed" });
    }
    if (path === "/healthz") {
      return sendJson(res, 200, {
        status: "alive",
        service: options.service,
        state: lifecycle.state,
      });
    }
    if (path === "/readyz") {
      void readiness.evaluate().then((report) => {
        const running = lifecycle.state === "running";
        const checks = [
          { name: "lifecycle", ok: running, detail: lifecycle.state },
          ...report.checks,
        ];
        const ready = running && report.ready;
        sendJson(res, ready ? 200 : 503, { ready, service: options.service, checks });
      });
      return;
    }
    if (path === "/metrics") return options.metricsHandler(req, res);
    sendJson(res, 404, { error: "not found", routes: [...BUILT_IN_ROUTES, ...routes.keys()] });
  });
  // Without this listener Node would hand upgrade requests to the request handler above with a
  // socket still owned by the HTTP parser; a route that wants the raw socket declares `upgrade`.
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    for (const [prefix, handler] of routes) {
      if (path.startsWith(prefix) && handler.upgrade) return handler.upgrade(req, socket, head);
    }
    socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
  server.on("clientError", (error, socket) => {
    log.debug({ err: error }, "bad http request");
    socket.destroy();
  });

  await new Promise<void>((listening, failed) => {
    server.once("error", failed);
    server.listen(options.port, options.host, () => {
      server.off("error", failed);
      listening();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}`;
  log.info({ event: "http_listening", url }, "http server listening");

  return {
    port,
    url,
    addRoute(prefix, handler) {
      const valid = /^\/(?:[^?#]*\/)?$/.test(prefix);
      // "/" covers every path, but built-in paths are matched before any route.
      const shadows = prefix !== "/" && BUILT_IN_ROUTES.some((route) => route.startsWith(prefix));
      if (!valid || shadows || routes.has(prefix)) {
        throw new TypeError(`cannot add http route ${JSON.stringify(prefix)}`);
      }
      routes.set(prefix, handler);
    },
    close: () =>
      new Promise<void>((closed) => {
        server.close(() => closed());
        server.closeAllConnections();
      }),
  };
}

/** A JSON answer, never cached: what every endpoint of a service sends. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}
