export {
  PodClient,
  type ConnectOptions,
  type PublishRawOptions,
  type SubmitOptions,
  type WaitOptions,
} from "./client.js";
export { loadKeypair, loadOrCreateKeypair } from "./keypair-file.js";
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
