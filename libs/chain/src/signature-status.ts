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

/** A block height and signature statuses as ONE node saw them, height read first. */
export interface HeightAndStatuses {
  height: number;
  statuses: (SignatureStatus | null)[];
}

/** getSignatureStatuses takes at most 256 signatures. */
export const MAX_SIGNATURES_PER_CALL = 256;

/**
 * The block height, then the statuses of `signatures`, both from the same endpoint. Read
 * from one node the pair is consistent: a node behind reports a lower height along with its
 * older statuses. Split over two nodes, a height from one ahead and an empty status from one
 * behind would look like an expiry for a transaction that landed. `history` asks the node
 * to search its whole transaction history, not only the recent status cache.
 */
export function heightAndStatuses(
  pool: RpcPool,
  signatures: string[],
  history: boolean,
): Promise<HeightAndStatuses> {
  return pool.call("getBlockHeight+getSignatureStatuses", async (c) => {
    const height = await c.getBlockHeight(pool.commitment);
    const parts = await Promise.all(
      chunks(signatures, MAX_SIGNATURES_PER_CALL).map(async (chunk) => {
        const { value } = await c.getSignatureStatuses(chunk, {
          searchTransactionHistory: history,
        });
        return chunk.map((_, i) => value[i] ?? null);
      }),
    );
    return { height, statuses: parts.flat() };
  });
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
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
