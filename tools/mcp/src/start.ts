import { PodClient } from "@pod/sdk";
import type { McpConfig } from "./config.js";
import { SeenMessages, type ToolContext } from "./context.js";
import { agentKeypair } from "./keys.js";
import type { Logger } from "./log.js";
import { UnsafeBindError } from "./errors.js";
import { serveHttp } from "./transports/http.js";
import { isLoopback } from "./transports/origin-check.js";
import { serveStdio } from "./transports/stdio.js";

export interface StartedServer {
  /** The HTTP endpoint, when serving HTTP. */
  url?: string;
  /** Resolves when the stdio client went away (never, over HTTP). */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** Loads the key, connects the agent's client and serves MCP on the configured transport. */
export async function startServer(config: McpConfig, log: Logger): Promise<StartedServer> {
  // Refused before anything connects: a server reachable from the network without Host
  // checks would let any web page drive this agent.
  if (config.transport === "http" && !isLoopback(config.host) && !config.allowedHosts.length) {
    throw new UnsafeBindError(config.host);
  }
  const keypair = await agentKeypair(config.keypairPath, config.createKey);
  const client = await PodClient.connect({
    natsUrl: config.natsUrl,
    rpcUrl: config.rpcUrl,
    keypair,
    name: `pod-mcp:${keypair.address.slice(0, 8)}`,
    confirmTimeoutMs: config.confirmTimeoutMs,
  });
  const ctx: ToolContext = {
    client,
    keypairPath: config.keypairPath,
    natsUrl: config.natsUrl,
    rpcUrl: config.rpcUrl,
    subscriptionUrl: config.subscriptionUrl,
    confirmTimeoutMs: config.confirmTimeoutMs,
    seen: new SeenMessages(),
    inbox: {},
    log,
  };
  try {
    if (config.transport === "http") {
      const http = await serveHttp(ctx, config);
      return {
        url: http.url,
        closed: new Promise<void>(() => undefined),
        close: async () => {
          await http.close();
          await client.close();
        },
      };
    }
    const stdio = await serveStdio(ctx);
    return {
      closed: stdio.closed,
      close: async () => {
        await stdio.close();
        await client.close();
      },
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}
