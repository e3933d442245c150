import type { IncomingMessage, ServerResponse } from "node:http";
import type { Summary } from "@pod/dashboard";
import type { HttpRouteHandler, Logger } from "@pod/runtime";
import { sendJson } from "@pod/runtime";
import { pathOf, refuseMethod, sendError } from "./respond.js";

export const API_PREFIX = "/api/";

export interface ApiOptions {
  summary: () => Summary;
  /** Interval between pushes on /api/stream. */
  streamIntervalMs: number;
  maxStreamClients: number;
  log: Logger;
}

export interface ApiRoutes {
  handler: HttpRouteHandler;
  /** Ends every open stream (a drain: the dashboards reconnect elsewhere or later). */
  close(): void;
}

/**
 * GET /api/summary: the summary as JSON. GET /api/stream: Server-Sent Events, one `summary`
 * event at once and then every interval, so a dashboard updates without polling.
 */
export function apiRoutes(options: ApiOptions): ApiRoutes {
  const streams = new Set<ServerResponse>();

  function stream(req: IncomingMessage, res: ServerResponse): void {
    if (streams.size >= options.maxStreamClients) {
      return sendError(
        res,
        503,
        "TOO_MANY_STREAMS",
        `at most ${options.maxStreamClients} open streams`,
      );
    }
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    if (req.method === "HEAD") return void res.end();
    streams.add(res);
    const push = () => {
      // A client that does not read is not worth buffering for: drop it.
      if (res.writableLength > 1_000_000) return void res.destroy();
      res.write(`event: summary\ndata: ${JSON.stringify(options.summary())}\n\n`);
    };
    res.write(`retry: ${options.streamIntervalMs}\n\n`);
    push();
    const timer = setInterval(push, options.streamIntervalMs);
    res.on("close", () => {
      clearInterval(timer);
      streams.delete(res);
    });
  }

  return {
    handler(req, res) {
      if (refuseMethod(req.method, res)) return;
      const path = pathOf(req.url);
      if (path === "/api/summary") return sendJson(res, 200, options.summary());
      if (path === "/api/stream") return stream(req, res);
      sendError(res, 404, "NOT_FOUND", "served: /api/summary, /api/stream");
    },
    close() {
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
