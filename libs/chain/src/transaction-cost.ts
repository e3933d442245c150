import type { RpcPool } from "./rpc-pool.js";

/** Fee and compute units of a landed tx (getTransaction); undefined if the node does not have it. */
export async function transactionCost(
  pool: RpcPool,
  signature: string,
): Promise<{ feeLamports: number; computeUnits: number } | undefined> {
  const tx = await pool.call("getTransaction", (c) =>
    c.getTransaction(signature, {
      maxSupportedTransactionVersion: 0,
      // getTransaction does not serve "processed".
      commitment: pool.commitment === "finalized" ? "finalized" : "confirmed",
    }),
  );
  if (tx === null || tx.meta === null) return undefined;
  return { feeLamports: tx.meta.fee, computeUnits: tx.meta.computeUnitsConsumed ?? 0 };
}
