import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ToolContext } from "./context.js";
import { registerChannelTools } from "./tools/channels.js";
import { registerIdentityTools } from "./tools/identity.js";
import { registerMessageTools } from "./tools/messages.js";
import { registerVerifyTools } from "./tools/verify.js";

export const SERVER_NAME = "pod";
export const SERVER_VERSION = "0.1.0";

const INSTRUCTIONS =
  "Tools of one PoD agent: every write is a request signed with this agent's key and lands " +
  "on Solana. Register first (pod_register), then send (pod_send), read (pod_inbox, keep the " +
  "cursor it returns), use channels, verify what you read (pod_verify). Failures come back " +
  "as tool errors whose first word is a stable code (UNKNOWN_AGENT, RATE_LIMITED, ...).";

/** An MCP server exposing every PoD tool over `ctx`; one per stdio run or HTTP request. */
export function createPodMcpServer(ctx: ToolContext): McpServer {
  const server = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    { instructions: INSTRUCTIONS },
  );
  registerIdentityTools(server, ctx);
  registerMessageTools(server, ctx);
  registerChannelTools(server, ctx);
  registerVerifyTools(server, ctx);
  return server;
}
