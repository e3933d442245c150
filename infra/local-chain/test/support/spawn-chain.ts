import { rmSync } from "node:fs";
import { Connection, Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";
import {
  spawnLocalChain,
  tempLedgerDir,
  type SpawnedChain,
  type SpawnOptions,
} from "../../src/spawn.js";

export interface ChainProcess extends SpawnedChain {
  connection(): Connection;
}

export const tempLedger = tempLedgerDir;

export function removeLedger(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The chain as a child process with 100 ms slots unless told otherwise. */
export async function spawnChain(options: SpawnOptions = {}): Promise<ChainProcess> {
  const chain = await spawnLocalChain({ slotMs: 100, ...options });
  return {
    ...chain,
    connection: () =>
      new Connection(chain.rpcUrl, { commitment: "confirmed", wsEndpoint: chain.wsUrl }),
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
