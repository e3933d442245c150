import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { RpcContext } from "../rpc/context.js";
import { dispatch, type InternalErrorHook } from "../rpc/dispatch.js";
import { INVALID_REQUEST } from "../rpc/errors.js";
import { stringifyExact } from "../rpc/json.js";

/** A validator's limit on a JSON-RPC request body. */
export const DEFAULT_MAX_REQUEST_BYTES = 50 * 1024;

export interface HttpOptions {
  maxRequestBytes: number;
  onInternalError: InternalErrorHook;
}

function reply(res: ServerResponse, status: number, body: string, type = "application/json"): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function refuse(res: ServerResponse, status: number, message: string): void {
  const error = { code: INVALID_REQUEST, message };
  reply(res, status, stringifyExact({ jsonrpc: "2.0", id: null, error }));
}

/** The JSON-RPC endpoint: POST bodies up to the limit, GET /health like a validator. */
export function createRpcServer(ctx: RpcContext, options: HttpOptions): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === "GET" && req.url === "/health") return reply(res, 200, "ok", "text/plain");
    if (req.method !== "POST")
      return refuse(res, 405, "Used HTTP Method is not allowed. POST is required");

    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > options.maxRequestBytes) {
      req.resume();
      return refuse(res, 413, `request body exceeds ${options.maxRequestBytes} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxRequestBytes) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on("end", () => {
      if (tooLarge)
        return refuse(res, 413, `request body exceeds ${options.maxRequestBytes} bytes`);
      dispatch(Buffer.concat(chunks).toString("utf8"), ctx, undefined, options.onInternalError)
        .then((body) => reply(res, 200, body))
        .catch((e: unknown) => {
          options.onInternalError("http", e);
          refuse(res, 500, "Internal error");
        });
    });
    req.on("error", () => res.destroy());
  });
}
