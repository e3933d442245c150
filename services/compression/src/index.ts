export { compressionService } from "./service.js";
export { compressionHandler, type HandlerDeps } from "./handler.js";
export {
  compressionConfigSchema,
  policyOf,
  MAX_INLINE_LIMIT,
  type CompressionOwnConfig,
  type Policy,
} from "./config.js";
export { decide, type ContentFacts, type Decision } from "./decision.js";
export { recordClassOf, type RecordClass, type RecordClassPolicy } from "./record-class.js";
export {
  encodeContent,
  base64Length,
  maxBytesForBase64,
  PROBE_MARGIN,
  PROBE_QUALITY,
  type ChosenEncoding,
  type EncodedContent,
  type EncodingPolicy,
} from "./content-encoding.js";
export { outputOf, type Output } from "./outputs.js";
export { acceptedRequestOf, planDelivery, type Plan } from "./plan.js";
export { CompressionMetrics } from "./metrics.js";
export {
  AcceptedPayloadInvalidError,
  COMPRESSION_ERROR_CODES,
  OperationMismatchError,
  RecordRefusedError,
} from "./errors.js";
