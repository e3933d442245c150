import type { ServerResponse } from "node:http";
import type { HttpRouteHandler } from "@pod/runtime";
import type { Asset } from "./dashboard-assets.js";
import { pathOf, refuseMethod, sendError } from "./respond.js";

export const DASHBOARD_PREFIX = "/dashboard/";

/** Paths that show the page itself. */
const PAGE_PATHS = new Set(["/", "/dashboard", "/dashboard/", "/dashboard/index.html"]);

/**
 * Serves the dashboard page at / and /dashboard/ and its assets under /dashboard/. Nothing in
 * it comes from elsewhere: a strict Content-Security-Policy keeps the page on this origin.
 */
export function dashboardHandler(assets: Map<string, Asset>): HttpRouteHandler {
  return (req, res) => {
    if (refuseMethod(req.method, res)) return;
    const path = pathOf(req.url);
    const name = PAGE_PATHS.has(path)
      ? ""
      : path.startsWith(DASHBOARD_PREFIX)
        ? path.slice(DASHBOARD_PREFIX.length)
        : undefined;
    const asset = name === undefined ? undefined : assets.get(name);
    if (!asset) return sendError(res, 404, "NOT_FOUND", "the dashboard is at /dashboard/");
    send(res, asset, req.method === "HEAD");
  };
}

function send(res: ServerResponse, asset: Asset, headOnly: boolean): void {
  res.writeHead(200, {
    "content-type": asset.contentType,
    "content-length": asset.body.length,
    "cache-control": "no-cache",
    "content-security-policy":
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
    "x-content-type-options": "nosniff",
  });
  res.end(headOnly ? undefined : asset.body);
}
