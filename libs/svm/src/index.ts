export { SvmHarness, SLOTS_PER_EPOCH } from "./harness.js";
export type { SvmOptions, SimulateOptions } from "./harness.js";
export type {
  ExecutionResult,
  SimulationResult,
  AccountChange,
  InnerInstructionsJson,
  InnerInstructionJson,
  ReturnDataJson,
} from "./result.js";
export type { AccountState } from "./accounts.js";
export { accountChanged, toWeb3AccountInfo, addressBytes, addressText } from "./accounts.js";
export { MAX_PROCESSING_AGE, BlockhashQueue } from "./blockhash-queue.js";
export type { BlockhashEntry } from "./blockhash-queue.js";
export { transactionFee, LAMPORTS_PER_SIGNATURE } from "./fee.js";
export {
  describeTransactionError,
  toTransactionErrorJson,
  type TransactionErrorJson,
  type InstructionErrorJson,
} from "./tx-error.js";
export {
  PACKET_DATA_SIZE,
  assertPacketSize,
  decodeWireTransaction,
  isStaticWritable,
  type WireTransaction,
} from "./wire.js";
export * from "./errors.js";
export { UPGRADEABLE_LOADER } from "./upgradeable-loader.js";
export { signaturesVerify } from "./signatures.js";
