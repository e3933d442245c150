/**
 * Span attribute names of the pipeline's own spans (beside the bus's messaging ones). The
 * local trace store indexes spans by `requestKey`; `pod trace` shows the chain ones.
 */
export const TRACE_ATTR = {
  /** The request key (base58) a span works for: set on every span of a request's hops. */
  requestKey: "pod.request_key",
  /** Operation of the request (register_agent, send_direct, ...). */
  operation: "pod.operation",
  /** Records in the transaction that carries this record. */
  bundleSize: "pod.bundle.size",
  /** 1 for the first transaction signed for a record, 2 after one expiry, and so on. */
  attempt: "pod.tx.attempt",
  /** How the transaction ended: confirmed, expired, failed (landed with an error). */
  sendStatus: "pod.tx.status",
  /** The transaction's first signature (base58), its id on chain. */
  txSignature: "solana.tx.signature",
  slot: "solana.slot",
  computeUnits: "solana.compute_units",
  /** The compute unit limit the transaction asked for. */
  computeUnitLimit: "solana.compute_unit_limit",
  feeLamports: "solana.fee_lamports",
  feePayer: "solana.fee_payer",
  /** The content's CID (v1, raw leaves). */
  ipfsCid: "ipfs.cid",
  /** Content bytes given to IPFS. */
  ipfsBytes: "ipfs.content.bytes",
  /** False when the block was already in the blockstore (a redelivery stores nothing new). */
  ipfsNewBlock: "ipfs.block.new",
} as const;

/** A request key: base58 of a sha256 (32 to 44 characters, no 0, O, I or l). */
const REQUEST_KEY = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;
/**
 * `<stage>:<request key>`, the message id every pipeline hop publishes with, or
 * `delivered:<request key>:<agent>` (one delivery per recipient).
 */
const STAGED = /^[a-z_]+:([1-9A-HJ-NP-Za-km-z]{32,44})(?::[1-9A-HJ-NP-Za-km-z]{32,44})?$/;

/**
 * The request key a message id names: the id itself (an agent's publish) or the part after
 * a stage prefix (`accepted:`, `ready:`, `confirmed:`, ...) and before a recipient suffix;
 * undefined for other ids.
 */
export function requestKeyOfMessageId(msgId: string): string | undefined {
  if (REQUEST_KEY.test(msgId)) return msgId;
  return STAGED.exec(msgId)?.[1];
}
