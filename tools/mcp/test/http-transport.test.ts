import { request } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { PodClient } from "@pod/sdk";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SeenMessages, type ToolContext } from "../src/context.js";
import { serveHttp, type RunningHttp } from "../src/transports/http.js";
import { TOOLS } from "./support/scenario.js";

// The transport alone: listing tools touches no PoD client, so a stand-in agent suffices.
const ctx: ToolContext = {
  client: { agent: "StandIn1111111111111111111111111111111111111" } as unknown as PodClient,
  keypairPath: "/nonexistent",
  natsUrl: "nats://127.0.0.1:1",
  rpcUrl: "http://127.0.0.1:1",
  subscriptionUrl: "http://127.0.0.1:1",
  confirmTimeoutMs: 1_000,
  seen: new SeenMessages(),
  inbox: {},
  log: pino({ level: "silent" }),
};

let http: RunningHttp;
beforeAll(async () => {
  http = await serveHttp(ctx, { host: "127.0.0.1", port: 0, allowedHosts: [], allowedOrigins: [] });
});
afterAll(() => http?.close());

/** A raw request with chosen headers (fetch would not let a test forge Host). */
function raw(method: string, path: string, headers: Record<string, string>) {
  const url = new URL(http.url);
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      });
      req.on("error", reject);
      req.end(
        method === "POST" ? JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }) : undefined,
      );
    },
  );
}

const mcpHeaders = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
};

describe("streamable HTTP transport", () => {
  it("http - binds 127.0.0.1 and serves MCP at /mcp to the SDK's client, without sessions", async () => {
    expect(http.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const transport = new StreamableHTTPClientTransport(new URL(http.url));
    const client = new Client({ name: "t", version: "0" });
    await client.connect(transport);
    expect(transport.sessionId).toBeUndefined();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
    await client.close();
  });

  it("http - a Host that is not a served name is refused 403 (DNS rebinding)", async () => {
    const port = new URL(http.url).port;
    const res = await raw("POST", "/mcp", { ...mcpHeaders, host: `rebind.example:${port}` });
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/Host rebind\.example/);
  });

  it("http - a browser Origin from another site is refused 403; one from localhost is served", async () => {
    const host = new URL(http.url).host;
    const evil = await raw("POST", "/mcp", { ...mcpHeaders, host, origin: "https://evil.example" });
    expect(evil.status).toBe(403);
    const fine = await raw("POST", "/mcp", {
      ...mcpHeaders,
      host,
      origin: "http://localhost:6274",
    });
    expect(fine.status).not.toBe(403);
  });

  it("http - stateless: GET and DELETE answer 405, other paths 404", async () => {
    const host = new URL(http.url).host;
    expect((await raw("GET", "/mcp", { host })).status).toBe(405);
    expect((await raw("DELETE", "/mcp", { host })).status).toBe(405);
    expect((await raw("POST", "/other", { ...mcpHeaders, host })).status).toBe(404);
  });
});
