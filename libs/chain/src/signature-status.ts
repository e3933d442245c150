import type { SignatureStatus } from "@solana/web3.js";
import bs58 from "bs58";
import type { RpcPool } from "./rpc-pool.js";

const RANK = { processed: 0, confirmed: 1, finalized: 2 } as const;
type Level = keyof typeof RANK;

/** Whether a status has reached `commitment`. A null `confirmations` means rooted. */
export function reached(status: SignatureStatus, commitment: string): boolean {
  const level: Level =
    status.confirmationStatus ?? (status.confirmations === null ? "finalized" : "processed");
  const wanted = (commitment in RANK ? commitment : "confirmed") as Level;
  return RANK[level] >= RANK[wanted];
}

/**
 * The status of one signature. `history` asks the node to search its whole transaction
 * history, not only the recent status cache: the final word before "expired".
 */
export async function statusOf(
  pool: RpcPool,
  signature: string,
  history: boolean,
): Promise<SignatureStatus | null> {
  const { value } = await pool.call("getSignatureStatuses", (c) =>
    c.getSignatureStatuses([signature], { searchTransactionHistory: history }),
  );
  return value[0] ?? null;
}

export function blockHeight(pool: RpcPool): Promise<number> {
  return pool.call("getBlockHeight", (c) => c.getBlockHeight(pool.commitment));
}

/** The first signature of a wire transaction (compact-u16 count, then 64-byte signatures). */
export function firstSignatureOf(raw: Uint8Array): string | undefined {
  let offset = 0;
  let count = 0;
  for (let shift = 0; shift < 21; shift += 7) {
    const byte = raw[offset++];
    if (byte === undefined) return undefined;
    count |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) break;
  }
  if (count < 1 || raw.length < offset + 64) return undefined;
  return bs58.encode(raw.subarray(offset, offset + 64));
}
