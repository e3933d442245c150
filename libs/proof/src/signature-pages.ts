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
  /** Stop once the listing goes below this slot; only signatures at or above it are kept. */
  fromSlot?: number;
  limit: number;
  commitment: Finality;
}

/**
 * Every signature that mentions `address` newer than `until` (and at or above `fromSlot`),
 * oldest first, paging getSignaturesForAddress backwards with `before` until a short page
 * says the history ended or the listing went below `fromSlot`.
 */
export async function signaturesSince(
  source: ChainSource,
  address: PublicKey,
  { until, fromSlot = 0, limit, commitment }: PageOptions,
): Promise<ListedSignature[]> {
  const newestFirst: ListedSignature[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await onChain(source, "getSignaturesForAddress", (c) =>
      c.getSignaturesForAddress(address, { before, until, limit }, commitment),
    );
    for (const s of page) {
      if (s.slot < fromSlot) break;
      newestFirst.push({ signature: s.signature, slot: s.slot, failed: s.err !== null });
    }
    if (page.length < limit || (page[page.length - 1]?.slot ?? 0) < fromSlot) break;
    before = page[page.length - 1]?.signature;
  }
  return newestFirst.reverse();
}
