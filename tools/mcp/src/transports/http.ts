import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { ToolContext } from "../context.js";
import { UnsafeBindError } from "../errors.js";
import { createPodMcpServer } from "../server.js";
import { allowedHostnames, isLoopback, refusal } from "./origin-check.js";

export const MCP_PATH = "/mcp";

export interface HttpOptions {
  host: string;
  port: number;
  allowedHosts: string[];
  allowedOrigins: string[];
}

export interface RunningHttp {
  /** http://host:port/mcp as bound (the real port when 0 was asked). */
  url: string;
  close(): Promise<void>;
}

function answer(res: ServerResponse, status: number, message: string, headers = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}

/**
 * Streamable HTTP, stateless: each POST gets a fresh McpServer and transport over the one
 * shared PodClient. Nothing here is per session (the agent is the process, pod_inbox hands
 * its cursor to the client), so a session table would only add state to bound and expire,
 * and a restart would strand clients holding old session ids. The price: no GET stream for
 * server-initiated messages (this server sends none) and no resumption of a cut response.
 */
export async function serveHttp(ctx: ToolContext, opts: HttpOptions): Promise<RunningHttp> {
  if (!isLoopback(opts.host) && opts.allowedHosts.length === 0) {
    throw new UnsafeBindError(opts.host);
  }
  const hostnames = allowedHostnames(opts.host, opts.allowedHosts);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const refused = refusal(req, hostnames, opts.allowedOrigins);
    if (refused) {
      ctx.log.warn({ host: req.headers.host, origin: req.headers.origin }, "request refused");
      return answer(res, 403, refused);
    }
    const path = new URL(req.url ?? "/", "http://local").pathname;
    if (path !== MCP_PATH) return answer(res, 404, `not found: ${path} (MCP is at ${MCP_PATH})`);
    if (req.method !== "POST") {
      return answer(res, 405, "stateless server: POST only", { allow: "POST" });
    }
    const server = createPodMcpServer(ctx);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      ctx.log.error({ err: error }, "http request failed");
      if (!res.headersSent) answer(res, 500, "internal error");
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(opts.port, opts.host, () => resolve());
  });
  const address = http.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}${MCP_PATH}`;
  ctx.log.info({ transport: "http", url, agent: ctx.client.agent, hostnames }, "serving");
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
