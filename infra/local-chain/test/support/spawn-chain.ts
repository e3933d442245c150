import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Connection, Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";

const MAIN = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../src/main.ts");
const READY_TIMEOUT_MS = 30_000;

export interface ChainProcess {
  child: ChildProcess;
  rpcUrl: string;
  wsUrl: string;
  ledger: string;
  /** The "listening" log line, parsed. */
  ready: Record<string, unknown>;
  connection(): Connection;
  /** Stops the process with `signal` and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface SpawnOptions {
  ledger?: string;
  slotMs?: number;
  light?: boolean;
  args?: string[];
}

/** A fresh ledger directory under the system temp dir. */
export function tempLedger(): string {
  return mkdtempSync(join(tmpdir(), "local-chain-test-"));
}

export function removeLedger(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Starts `main.ts` as a child process on free ports and waits for its "listening" line. */
export async function spawnChain(options: SpawnOptions = {}): Promise<ChainProcess> {
  const ledger = options.ledger ?? tempLedger();
  const args = ["--import", "tsx", MAIN, "--port", "0", "--ledger", ledger];
  args.push("--slot-ms", String(options.slotMs ?? 100));
  if (options.light === false) args.push("--no-light");
  args.push(...(options.args ?? []));
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));

  const ready = await new Promise<Record<string, unknown>>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`chain not ready: ${stderr}`)), READY_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.msg === "listening") {
        clearTimeout(timer);
        done(entry);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`chain exited with ${code}: ${stderr}`));
    });
  });

  const rpcUrl = ready.rpcUrl as string;
  const wsUrl = ready.wsUrl as string;
  return {
    child,
    rpcUrl,
    wsUrl,
    ledger,
    ready,
    connection: () => new Connection(rpcUrl, { commitment: "confirmed", wsEndpoint: wsUrl }),
    stop: (signal = "SIGTERM") =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
        child.once("exit", (code) => done(code));
        child.kill(signal);
      }),
  };
}

/** Polls getSignatureStatuses until the signature has a status (no WebSocket involved). */
export async function pollLanded(connection: Connection, signature: string): Promise<unknown> {
  for (let i = 0; i < 200; i++) {
    const [status] = (await connection.getSignatureStatuses([signature])).value;
    if (status !== null && status !== undefined) return status.err;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${signature} did not land`);
}

/** A new keypair holding `sol` SOL from the chain's faucet, landed. */
export async function fundedKeypair(connection: Connection, sol = 10): Promise<Keypair> {
  const kp = Keypair.generate();
  const signature = await connection.requestAirdrop(kp.publicKey, sol * LAMPORTS_PER_SOL);
  await pollLanded(connection, signature);
  return kp;
}

/** Raw JSON-RPC POST, for requests web3.js would not send. */
export async function rawRpc(
  url: string,
  body: string,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // a non-JSON body is returned as text
  }
  return { status: res.status, json };
}
