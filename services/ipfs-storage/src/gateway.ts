import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpRouteHandler } from "@pod/runtime";
import type { CID } from "multiformats/cid";
import type { Logger } from "@pod/runtime";
import { parseCid } from "./cid.js";
import type { ContentStore } from "./content-store.js";
import { CidInvalidError, refusalOf } from "./errors.js";
import { outcomeOf, type IpfsMetrics } from "./metrics.js";

export const RAW_MEDIA_TYPE = "application/vnd.ipld.raw";

export interface GatewayDeps {
  store: ContentStore;
  metrics: IpfsMetrics;
  log: Logger;
}

/** The path prefix the gateway answers under. */
export const GATEWAY_PREFIX = "/ipfs/";

/** HTTP status of each refusal code and of the service's own failures. */
const STATUS: Record<string, number> = {
  CID_INVALID: 400,
  NOT_FOUND: 404,
  TOO_LARGE: 413,
  // The node holds the block but it fails its hash: a server-side fault, never served.
  CONTENT_CORRUPT: 500,
  IPFS_TIMEOUT: 504,
  IPFS_NODE_STOPPED: 503,
};

/** Content never changes under its CID. */
const IMMUTABLE = "public, max-age=29030400, immutable";

/**
 * A trustless gateway over this node's blocks: `GET /ipfs/<cid>` returns the block itself for
 * `Accept: application/vnd.ipld.raw` or `?format=raw` (the client can check it against the CID),
 * and the content bytes otherwise. Every block is hash-checked before a byte is sent. Mounted on
 * the service's HTTP port beside /healthz, /readyz and /metrics.
 */
export function gatewayHandler(deps: GatewayDeps): HttpRouteHandler {
  const { store, metrics, log } = deps;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      return sendError(res, 405, "METHOD_NOT_ALLOWED", "only GET and HEAD");
    }
    const url = new URL(req.url ?? "/", "http://gateway");
    const match = /^\/ipfs\/([^/]+)\/?$/.exec(url.pathname);
    if (!match) return sendError(res, 404, "NOT_FOUND", "the gateway serves GET /ipfs/<cid>");
    const format = url.searchParams.get("format");
    if (format !== null && format !== "raw") {
      return sendError(res, 406, "FORMAT_UNSUPPORTED", `format ${format} is not served; use raw`);
    }
    const raw = format === "raw" || wantsRaw(req.headers.accept);

    let cid: CID;
    let body: Uint8Array;
    try {
      cid = parseCid(decodedSegment(match[1]!));
      const etag = `"${cid.toString()}${raw ? ".raw" : ""}"`;
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304, { etag, "cache-control": IMMUTABLE });
        return void res.end();
      }
      body = raw ? await store.readBlock(cid) : await store.read(cid);
    } catch (error) {
      const refusal = refusalOf(error);
      metrics.get("http", outcomeOf(refusal?.code));
      const code = String((error as { code?: unknown }).code ?? "INTERNAL");
      if (!refusal) log.warn({ event: "gateway_read_failed", err: error }, "gateway read failed");
      return sendError(res, STATUS[code] ?? 500, code, (error as Error).message);
    }
    metrics.get("http", "hit");
    const name = cid.toString();
    res.writeHead(200, {
      "content-type": raw ? RAW_MEDIA_TYPE : "application/octet-stream",
      "content-length": body.length,
      etag: `"${name}${raw ? ".raw" : ""}"`,
      "cache-control": IMMUTABLE,
      "x-content-type-options": "nosniff",
      "x-ipfs-path": `/ipfs/${name}`,
      "x-ipfs-roots": name,
      vary: "Accept",
      ...(raw ? { "content-disposition": `attachment; filename="${name}.bin"` } : {}),
    });
    res.end(req.method === "HEAD" ? undefined : body);
  }

  return (req, res) => {
    void serve(req, res).catch((error: unknown) => {
      log.warn({ event: "gateway_error", err: error }, "gateway request failed");
      if (!res.headersSent) sendError(res, 500, "INTERNAL", "internal error");
      else res.destroy();
    });
  };
}

/** A path segment with its %-escapes decoded; a broken escape is a bad CID, not a crash. */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (cause) {
    throw new CidInvalidError("the CID in the path is not valid %-encoding", { cause });
  }
}

/** True when the client asks for the raw block (an Accept list naming the raw media type). */
function wantsRaw(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept
    .split(",")
    .map((part) => part.split(";")[0]!.trim().toLowerCase())
    .includes(RAW_MEDIA_TYPE);
}

function sendError(res: ServerResponse, status: number, code: string, reason: string): void {
  const text = JSON.stringify({ code, reason });
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}
