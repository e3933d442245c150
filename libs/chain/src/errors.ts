import { CodedError, type CodedErrorOptions } from "@pod/errors";

/**
 * Stable codes of @pod/chain errors. The RPC_* transport codes are what a caller retries
 * later (the pool already tried every endpoint it could); TX_* mean this transaction as
 * built will never land and must be rebuilt, not resent.
 */
export const CHAIN_ERROR_CODES = {
  /** No endpoint answered: connection refused/reset, HTTP 5xx, node unhealthy or behind. */
  rpcUnavailable: "RPC_UNAVAILABLE",
  /** An endpoint accepted the request and did not answer within requestTimeoutMs. */
  rpcTimeout: "RPC_TIMEOUT",
  /** HTTP 429 from every endpoint tried. */
  rpcRateLimited: "RPC_RATE_LIMITED",
  /** The endpoint answered with an error that retrying will not change. */
  rpcError: "RPC_ERROR",
  /** The serialized transaction is over PACKET_DATA_SIZE. */
  txTooLarge: "TX_TOO_LARGE",
  /** The node refused the transaction itself (undecodable, bad signature). */
  txRejected: "TX_REJECTED",
  /** The caller's AbortSignal fired. */
  aborted: "ABORTED",
  /** A keypair file is not a Solana keypair (64-number JSON array). */
  keypairInvalid: "KEYPAIR_INVALID",
  /** The pool was closed before the call. */
  poolClosed: "POOL_CLOSED",
  /** Options that cannot work (no URLs, no fee payers, bad numbers). */
  configInvalid: "CONFIG_INVALID",
} as const;

export type ChainErrorCode = (typeof CHAIN_ERROR_CODES)[keyof typeof CHAIN_ERROR_CODES];

const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  CHAIN_ERROR_CODES.rpcUnavailable,
  CHAIN_ERROR_CODES.rpcTimeout,
  CHAIN_ERROR_CODES.rpcRateLimited,
]);

/** Every error @pod/chain raises itself. `transient` says whether trying later can help. */
export class ChainError extends CodedError {
  declare readonly code: ChainErrorCode;
  readonly transient: boolean;

  constructor(code: ChainErrorCode, message: string, options?: CodedErrorOptions) {
    super(code, message, options);
    this.transient = TRANSIENT_CODES.has(code);
  }
}
