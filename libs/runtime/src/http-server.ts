import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
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

export interface HttpServer {
  /** The bound port (differs from the requested one when that was 0). */
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * The service's one HTTP port: /healthz (the process answers), /readyz (200 only while running
 * and every readiness check passes, else 503, with each check in the body) and /metrics.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { lifecycle, readiness, log } = options;

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
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
    sendJson(res, 404, { error: "not found", routes: ["/healthz", "/readyz", "/metrics"] });
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
    close: () =>
      new Promise<void>((closed) => {
        server.close(() => closed());
        server.closeAllConnections();
      }),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}
