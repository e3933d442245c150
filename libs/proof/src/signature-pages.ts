import type { Finality, PublicKey } from "@solana/web3.js";
import { onChain, type ChainSource } from "./rpc.js";

/** One transaction that mentions the tree, as getSignaturesForAddress lists it. */
export interface ListedSignature {
  signature: string;
  slot: number;
  failed: boolean;
}

export interface PageOptions {
  /** Stop at this signature (exclusive); absent: page back to the address's first. */
  until?: string;
  limit: number;
  commitment: Finality;
}

/**
 * Every signature that mentions `address` newer than `until`, oldest first, paging
 * getSignaturesForAddress backwards with `before` until a short page says the history ended.
 */
export async function signaturesSince(
  source: ChainSource,
  address: PublicKey,
  { until, limit, commitment }: PageOptions,
): Promise<ListedSignature[]> {
  const newestFirst: ListedSignature[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await onChain(source, "getSignaturesForAddress", (c) =>
      c.getSignaturesForAddress(address, { before, until, limit }, commitment),
    );
    for (const s of page) {
      newestFirst.push({ signature: s.signature, slot: s.slot, failed: s.err !== null });
    }
    if (page.length < limit) break;
    before = page[page.length - 1]?.signature;
  }
  return newestFirst.reverse();
}
