import type { VersionedTransaction } from "@solana/web3.js";

/** Largest serialized transaction a validator accepts (IPv6 MTU minus headers). */
export const PACKET_DATA_SIZE = 1232 as const;

/** Serialized size in bytes of a signed (or not yet signed: zeroed signatures) transaction. */
export function transactionSize(tx: VersionedTransaction): number {
  return tx.serialize().length;
}
