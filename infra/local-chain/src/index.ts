export { startLocalChain, type LocalChainNode, type NodeHooks } from "./node.js";
export {
  parseConfig,
  ConfigError,
  DEFAULT_PORT,
  DEFAULT_SLOT_MS,
  type LocalChainConfig,
} from "./config.js";
export { LocalChain, type SubmitResult, type LandedEvent, type OpenReport } from "./chain/chain.js";
export { POD_PROGRAM_ID } from "./chain/genesis.js";
export { LocalChainError, LedgerIoError, LedgerFormatError } from "./errors.js";
export { RpcError } from "./rpc/errors.js";
export {
  spawnLocalChain,
  tempLedgerDir,
  ChainStartError,
  type SpawnedChain,
  type SpawnOptions,
} from "./spawn.js";
