export { TreeFollower } from "./tree-follower.js";
export type {
  ChainCheck,
  FollowerStatus,
  TreeFollowerEvents,
  TreeFollowerOptions,
} from "./tree-follower.js";
export {
  verifyInclusion,
  VERIFY_FAILURE_CODES,
  type VerifyFailureCode,
  type VerifyInclusionInput,
  type VerifyResult,
} from "./verify-inclusion.js";
export { verifyMessageOnChain, type MessageWithProof } from "./verify-on-chain.js";
export {
  COMPRESSED_MESSAGE_DISCRIMINATOR,
  decodePodRecord,
  POD_RECORD_BYTES,
  type PodRecord,
} from "./pod-record.js";
export { CompactTree } from "./compact-tree.js";
export { fetchRootHistory, rootHistoryOf, type RootHistory } from "./tree-roots.js";
export type { ChainSource } from "./rpc.js";
export {
  BackfillIncompleteError,
  FollowerStoppedError,
  LeafTimeoutError,
  PROOF_ERROR_CODES,
  ProofConfigError,
  ProofError,
  ProofRpcError,
  TreeAccountMissingError,
  TreeDivergedError,
  type ProofErrorCode,
} from "./errors.js";
export type { InclusionProof } from "@pod/protocol";
