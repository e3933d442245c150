import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Stack } from "@pod/stack";

/** The `pod-mcp` shim, run as a real child process the way an MCP client would. */
export const BIN = resolve(import.meta.dirname, "../../bin/pod-mcp.js");

export interface StackUrls {
  natsUrl: string;
  rpcUrl: string;
  subscriptionUrl: string;
}

export function urlsOf(stack: Stack): StackUrls {
  return {
    natsUrl: stack.natsUrl,
    rpcUrl: stack.rpcUrl,
    subscriptionUrl: stack.service("subscription").httpUrl,
  };
}

/** Flags for one agent's server; the system's addresses go through the environment. */
function argsFor(keyFile: string, extra: string[]): string[] {
  return ["--keypair", keyFile, "--create-key", "--log-level", "info", ...extra];
}

function envFor(urls: StackUrls): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return {
    ...env,
    POD_NATS_URL: urls.natsUrl,
    SOLANA_RPC_URL: urls.rpcUrl,
    POD_SUBSCRIPTION_URL: urls.subscriptionUrl,
  };
}

export interface ConnectedAgent {
  client: Client;
  pid: number;
  /** Every stderr line of the server (its logs). */
  logs: string[];
  close(): Promise<void>;
}

/** An MCP client over stdio: the SDK spawns the server as its child. */
export async function stdioAgent(urls: StackUrls, keyFile: string): Promise<ConnectedAgent> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, ...argsFor(keyFile, ["--stdio"])],
    env: envFor(urls),
    stderr: "pipe",
  });
  const logs: string[] = [];
  const stderr = transport.stderr;
  if (stderr)
    createInterface({ input: stderr as unknown as NodeJS.ReadableStream }).on("line", (l) =>
      logs.push(l),
    );
  const client = new Client({ name: "pod-mcp-test", version: "0.0.0" });
  await client.connect(transport);
  return { client, pid: transport.pid!, logs, close: () => client.close() };
}

/** The server's `serving` log line carries its URL (it was asked for a free port). */
async function servingUrl(child: ChildProcess, logs: string[]): Promise<string> {
  const lines = createInterface({ input: child.stderr! });
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`pod-mcp exited ${code} before serving:\n${logs.join("\n")}`);
  });
  const found = new Promise<string>((resolveUrl) => {
    lines.on("line", (line) => {
      logs.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === "serving" && entry.url) resolveUrl(entry.url);
      } catch {
        // not a log line
      }
    });
  });
  return Promise.race([found, exited]);
}

/** A spawned `pod-mcp --http --port 0` and an MCP client over streamable HTTP to it. */
export async function httpAgent(
  urls: StackUrls,
  keyFile: string,
): Promise<ConnectedAgent & { url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, ...argsFor(keyFile, ["--http", "--port", "0"])], {
    env: envFor(urls),
    stdio: ["ignore", "ignore", "pipe"],
  });
  const logs: string[] = [];
  const url = await servingUrl(child, logs);
  const client = new Client({ name: "pod-mcp-test", version: "0.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return {
    client,
    pid: child.pid!,
    logs,
    url,
    child,
    close: async () => {
      await client.close();
      if (child.exitCode === null) {
        const exit = once(child, "exit");
        child.kill("SIGTERM");
        await exit;
      }
    },
  };
}

export function keyFile(dir: string, name: string): string {
  return join(dir, "keys", `${name}.json`);
}
