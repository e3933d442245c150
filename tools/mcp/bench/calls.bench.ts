/**
 * What a tool call costs beside the SDK call it wraps, against the whole system: N
 * sequential `pod_send` (receipt only, and confirmed) and `pod_whoami` (a chain read) through
 * the MCP SDK's Client over stdio and over streamable HTTP, and the same calls made directly
 * with PodClient in this process (the baseline, same run). Prints a table; `--out file`
 * writes it as JSON.
 *
 *   pnpm exec tsx tools/mcp/bench/calls.bench.ts --calls 30 --out bench-results/mcp.json
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { generateKeypair, formatKeypairFile } from "@pod/protocol";
import { PodClient } from "@pod/sdk";
import { startStack } from "@pod/stack";
import { httpAgent, stdioAgent, urlsOf, type ConnectedAgent } from "../test/support/servers.js";

const { values } = parseArgs({
  options: { calls: { type: "string", default: "30" }, out: { type: "string" } },
});
const calls = Number(values.calls);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed(n: number, fn: () => Promise<unknown>) {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { p50: r(percentile(ms, 50)), p95: r(percentile(ms, 95)), max: r(ms.at(-1)!) };
}

async function tool(agent: ConnectedAgent, name: string, args: Record<string, unknown>) {
  const result = (await agent.client.callTool({ name, arguments: args })) as CallToolResult;
  if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
}

const dir = mkdtempSync(join(tmpdir(), "pod-mcp-bench-"));
const stack = await startStack({
  services: ["ingest", "compression", "ipfs-storage", "tx-bundler", "subscription"],
  env: { LOG_LEVEL: "warn" },
});
const agents: ConnectedAgent[] = [];
const clients: PodClient[] = [];
try {
  const keyFile = join(dir, "a.json");
  const keypair = generateKeypair();
  writeFileSync(keyFile, formatKeypairFile(keypair), { mode: 0o600 });
  const other = generateKeypair();
  const urls = urlsOf(stack);
  const direct = await PodClient.connect({ natsUrl: urls.natsUrl, rpcUrl: urls.rpcUrl, keypair });
  const peer = await PodClient.connect({
    natsUrl: urls.natsUrl,
    rpcUrl: urls.rpcUrl,
    keypair: other,
  });
  clients.push(direct, peer);
  await Promise.all([
    direct.registerAgent({}, { confirm: true }),
    peer.registerAgent({}, { confirm: true }),
  ]);
  // The same agent behind both transports: its key file is shared, each server holds a copy.
  const stdio = await stdioAgent(urls, keyFile);
  const http = await httpAgent(urls, keyFile);
  agents.push(stdio, http);

  const send = { to: other.address, text: "bench", confirm: false };
  const sendConfirmed = { ...send, confirm: true };
  const rows: Record<string, Awaited<ReturnType<typeof timed>>> = {};
  // A warm-up call each: the first pays for connections and schema compilation.
  await tool(stdio, "pod_whoami", {});
  await tool(http, "pod_whoami", {});
  await direct.getAgent();

  rows["send receipt: PodClient.sendDirect"] = await timed(calls, () =>
    direct.sendDirect({ to: other.address, text: "bench" }),
  );
  rows["send receipt: MCP stdio"] = await timed(calls, () => tool(stdio, "pod_send", send));
  rows["send receipt: MCP HTTP"] = await timed(calls, () => tool(http, "pod_send", send));
  rows["send confirmed: PodClient.sendDirect"] = await timed(calls, () =>
    direct.sendDirect({ to: other.address, text: "bench" }, { confirm: true }),
  );
  rows["send confirmed: MCP stdio"] = await timed(calls, () =>
    tool(stdio, "pod_send", sendConfirmed),
  );
  rows["send confirmed: MCP HTTP"] = await timed(calls, () =>
    tool(http, "pod_send", sendConfirmed),
  );
  rows["chain read: PodClient.getAgent"] = await timed(calls, () => direct.getAgent());
  rows["chain read: MCP stdio pod_whoami"] = await timed(calls, () =>
    tool(stdio, "pod_whoami", {}),
  );
  rows["chain read: MCP HTTP pod_whoami"] = await timed(calls, () => tool(http, "pod_whoami", {}));

  console.log(`${calls} sequential calls each (ms)`);
  console.log(`${"".padEnd(40)}${"p50".padStart(8)}${"p95".padStart(8)}${"max".padStart(8)}`);
  for (const [name, r] of Object.entries(rows)) {
    console.log(
      `${name.padEnd(40)}${String(r.p50).padStart(8)}${String(r.p95).padStart(8)}${String(r.max).padStart(8)}`,
    );
  }
  if (values.out) {
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, JSON.stringify({ calls, rows }, null, 2));
  }
} finally {
  await Promise.allSettled(agents.map((a) => a.close()));
  await Promise.allSettled(clients.map((c) => c.close()));
  await stack.stop();
  rmSync(dir, { recursive: true, force: true });
}
