import type { VersionedTransaction } from "@solana/web3.js";
import type { RpcPool } from "./rpc-pool.js";

export interface SimulationReport {
  unitsConsumed: number;
  err: unknown | null;
  logs: string[];
}

/**
 * Simulates with sigVerify false and replaceRecentBlockhash true: the answer is what the
 * instructions cost and do, whatever the signatures and blockhash (so a tx can be measured
 * before it is signed, and a node behind on blockhashes does not fail it).
 */
export async function simulate(pool: RpcPool, tx: VersionedTransaction): Promise<SimulationReport> {
  const { value } = await pool.call("simulateTransaction", (c) =>
    c.simulateTransaction(tx, {
      sigVerify: false,
      replaceRecentBlockhash: true,
      commitment: pool.commitment,
    }),
  );
  return {
    unitsConsumed: value.unitsConsumed ?? 0,
    err: value.err ?? null,
    logs: value.logs ?? [],
  };
}
