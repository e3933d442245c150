import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { freePortPair } from "@pod/testing";
import { spawnChild, type Child, type LineSink } from "./child.js";
import { StackStartError } from "./errors.js";

export interface ChainPlan {
  /** Use this cluster (JSON-RPC URL) instead of starting the local chain. */
  rpcUrl?: string;
  /** HTTP port of the local chain; 0 picks a free one. */
  port: number;
  dataDir: string;
  root: string;
  /** Further flags for the local chain (e.g. ["--slot-ms", "100"]). */
  args: string[];
  sink?: LineSink;
  timeoutMs: number;
}

export interface ChainHandle {
  rpcUrl: string;
  wsUrl?: string;
  /** The local chain's ledger directory (holds pod-upgrade-authority.json). */
  ledger?: string;
  /** The program's upgrade authority keypair file: the only admin `initialize` accepts. */
  adminKeypairPath?: string;
  child?: Child;
}

/**
 * The chain of a stack: the given cluster, or the local chain (the PoD and Light programs
 * loaded) started as `node --import tsx infra/local-chain/src/main.ts`, ready once it logs
 * its "listening" line.
 */
export async function ensureChain(plan: ChainPlan): Promise<ChainHandle> {
  if (plan.rpcUrl) return { rpcUrl: plan.rpcUrl };
  const ledger = join(plan.dataDir, "chain");
  mkdirSync(ledger, { recursive: true });
  const entry = join(plan.root, "infra/local-chain/src/main.ts");
  // A free port with its neighbour free: the chain serves WebSocket on port + 1, where web3.js
  // (Connection.onLogs, signature subscriptions) looks for it.
  const port = plan.port === 0 ? await freePortPair() : plan.port;
  const child = spawnChild({
    name: "local-chain",
    command: process.execPath,
    args: ["--import", "tsx", entry, "--port", String(port), "--ledger", ledger, ...plan.args],
    cwd: plan.root,
    env: { ...process.env } as Record<string, string>,
    sink: plan.sink,
  });
  let ready: Record<string, unknown>;
  try {
    ready = await child.waitForJson((l) => l.msg === "listening", plan.timeoutMs);
  } catch (error) {
    await child.stop("SIGKILL");
    throw new StackStartError("local-chain", (error as Error).message, child.lines.join("\n"), {
      cause: error,
    });
  }
  return {
    rpcUrl: String(ready.rpcUrl),
    wsUrl: String(ready.wsUrl),
    ledger,
    adminKeypairPath: join(ledger, "pod-upgrade-authority.json"),
    child,
  };
}
