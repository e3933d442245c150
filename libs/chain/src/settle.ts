import type { RpcPool } from "./rpc-pool.js";
import { heightAndStatuses, reached } from "./signature-status.js";

export type SettledSignature =
  | { status: "landed"; slot: number; err: unknown | null }
  | { status: "expired" }
  | { status: "pending" };

/**
 * After a restart: what became of a transaction sent before. "pending" = not landed (or not
 * yet at the pool's commitment) but its blockhash is still valid: wait, or rebroadcast the
 * same bytes. "expired" = it can no longer land: safe to re-sign.
 *
 * The height is read BEFORE the status: if the height is past lastValidBlockHeight, no block
 * that could hold the transaction comes after that read, so a status search made after it
 * that finds nothing is final. The other order could miss a transaction that landed between
 * the two reads and call it expired. Both come from the same endpoint (heightAndStatuses).
 */
export async function settleSignature(
  pool: RpcPool,
  signature: string,
  lastValidBlockHeight: number,
): Promise<SettledSignature> {
  const { height, statuses } = await heightAndStatuses(pool, [signature], true);
  const status = statuses[0] ?? null;
  if (status !== null && reached(status, pool.commitment)) {
    return { status: "landed", slot: status.slot, err: status.err ?? null };
  }
  if (status === null && height > lastValidBlockHeight) return { status: "expired" };
  return { status: "pending" };
}
