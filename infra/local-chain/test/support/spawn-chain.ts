import { rmSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";
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

/** A chain shared by the tests of one file (or one describe block); read it inside tests. */
export interface ChainForTests {
  readonly chain: ChainProcess;
  readonly connection: Connection;
  /** Stops the chain with `signal` and starts it again on the same ledger and options. */
  restart(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Starts a chain before the tests of the enclosing scope and stops it, removing its ledger,
 * after them. `options` may be computed at start (a port found free just then); `connect`
 * makes the Connection when the default one (explicit WebSocket URL) is not what is tested.
 */
export function chainForTests(
  options: SpawnOptions | (() => Promise<SpawnOptions>) = {},
  connect: (chain: ChainProcess) => Connection = (chain) => chain.connection(),
): ChainForTests {
  let spawned: SpawnOptions = {};
  let chain: ChainProcess | undefined;
  let connection: Connection | undefined;

  beforeAll(async () => {
    spawned = typeof options === "function" ? await options() : options;
    chain = await spawnChain(spawned);
    connection = connect(chain);
  });

  afterAll(async () => {
    const started = shared.chain;
    await started.stop();
    removeLedger(started.ledger);
  });

  const shared: ChainForTests = {
    get chain() {
      if (chain === undefined) throw new Error("the chain is started in beforeAll");
      return chain;
    },
    get connection() {
      if (connection === undefined) throw new Error("the chain is started in beforeAll");
      return connection;
    },
    async restart(signal) {
      const stopped = shared.chain;
      await stopped.stop(signal);
      chain = await spawnChain({ ...spawned, ledger: stopped.ledger });
      connection = connect(chain);
    },
  };
  return shared;
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
