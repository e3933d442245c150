export {
  DEFAULT_RPC_URL,
  PodClient,
  type Confirmed,
  type ConnectOptions,
  type HelperOptions,
  type HelperResult,
  type PublishRawOptions,
  type Receipt,
  type SubmitOptions,
  type WaitOptions,
} from "./client.js";
export {
  ChainReader,
  channelAddressOf,
  ForeignAccountError,
  type AgentAccount,
  type ChannelAccount,
  type MembershipAccount,
  type MessageAccount,
} from "./chain-reads.js";
export { loadKeypair, loadOrCreateKeypair } from "./keypair-file.js";
export {
  DEFAULT_BYTES_TYPE,
  DEFAULT_TEXT_TYPE,
  InvalidArgumentError,
  isChannelId,
  resolveChannelId,
  type Capabilities,
  type ChannelRef,
  type ContentArgs,
  type CreateChannelArgs,
  type JoinChannelArgs,
  type LeaveChannelArgs,
  type MarkMessageArgs,
  type PostChannelArgs,
  type RegisterAgentArgs,
  type SendDirectArgs,
  type UpdateAgentArgs,
} from "./operations.js";
export type { RecordOutcome } from "./record-events.js";
export {
  ClientClosedError,
  ConfirmTimeoutError,
  KeypairFileError,
  RecordFailedError,
  RejectedError,
  SdkError,
  VerdictTimeoutError,
} from "./errors.js";
export {
  BadSignatureRejectedError,
  InvalidUtf8RejectedError,
  InviteExpiredRejectedError,
  MalformedJsonRejectedError,
  RateLimitedRejectedError,
  REJECTED_ERROR_CLASSES,
  rejectionError,
  ReplayedRejectedError,
  SchemaInvalidRejectedError,
  StaleTimestampRejectedError,
  TextInvalidRejectedError,
  TooLargeRejectedError,
  UnknownAgentRejectedError,
  UnsupportedVersionRejectedError,
} from "./rejections.js";
export { SDK_TRACER_NAME } from "./tracing.js";
export {
  contentOf,
  fetchContent,
  type FetchContentOptions,
  type MessageContent,
} from "./content/fetch.js";
export {
  ContentFetchError,
  ContentMismatchError,
  type ContentFetchCode,
} from "./content/errors.js";
export { parseCid, rawCidOf, type ParsedCid } from "./content/cid.js";
export {
  getProof,
  ProofFetchError,
  type ProofFetchCode,
  type ProvenMessage,
} from "./verify/proof-fetch.js";
export {
  verifyMessage,
  type CheckStatus,
  type InclusionStatus,
  type VerifiableMessage,
  type VerifyDeps,
  type VerifyFailure,
  type VerifyReport,
} from "./verify/verify-message.js";
export {
  Subscription,
  type ConnectedEvent,
  type DisconnectedEvent,
  type SubscribeOptions,
  type SubscriptionEvents,
} from "./subscription/subscription.js";
export {
  SUBSCRIPTION_ERROR_CODES,
  SubscriptionError,
  type SubscriptionErrorCode,
} from "./subscription/errors.js";
