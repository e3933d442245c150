export {
  RpcPool,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type RpcPoolOptions,
  type EndpointHealth,
  type PoolLogger,
  type CallOptions,
} from "./rpc-pool.js";
export { DEFAULT_SCORING, type ScoringOptions } from "./endpoint-stats.js";
export { BlockhashCache, type Blockhash, type BlockhashCacheOptions } from "./blockhash-cache.js";
export { FeePayers } from "./fee-payers.js";
export { loadOrCreateKeypairs, loadKeypairFile, keypairFileName } from "./keypairs.js";
export {
  computeBudgetInstructions,
  decodeComputeBudget,
  type DecodedComputeBudget,
} from "./compute-budget.js";
export { simulate, type SimulationReport } from "./simulate.js";
export { transactionSize, PACKET_DATA_SIZE } from "./transaction-size.js";
export { sendAndConfirm, type SendOutcome, type SendOptions } from "./send-and-confirm.js";
export { settleSignature, type SettledSignature } from "./settle.js";
export { transactionCost } from "./transaction-cost.js";
export { programErrorOf } from "./program-error.js";
export { firstSignatureOf } from "./signature-status.js";
export { ChainError, CHAIN_ERROR_CODES, type ChainErrorCode } from "./errors.js";
