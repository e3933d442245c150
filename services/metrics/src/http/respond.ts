import type { ServerResponse } from "node:http";
import { sendJson } from "@pod/runtime";

export function sendError(res: ServerResponse, status: number, code: string, reason: string): void {
  sendJson(res, status, { code, reason });
}

/** Only GET and HEAD are served; anything else gets 405 with an Allow header. */
export function refuseMethod(method: string | undefined, res: ServerResponse): boolean {
  if (method === "GET" || method === "HEAD") return false;
  res.setHeader("allow", "GET, HEAD");
  sendError(res, 405, "METHOD_NOT_ALLOWED", "only GET and HEAD");
  return true;
}

export function pathOf(url: string | undefined): string {
  return new URL(url ?? "/", "http://metrics").pathname;
}
