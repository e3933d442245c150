export {
  connectBus,
  type Bus,
  type BusEvents,
  type BusLogger,
  type BusStatus,
  type ConnectBusOptions,
} from "./connect.js";
export {
  ensureTopology,
  type TopologyAction,
  type TopologyEntry,
  type TopologyReport,
} from "./topology.js";
export {
  consumerSpec,
  consumerSpecs,
  hasDurable,
  desiredConsumers,
  desiredStreams,
  TOPOLOGY_DEFAULTS,
  type ConsumerBinding,
  type ConsumerTuning,
  type TopologyDurations,
  type TopologyOptions,
} from "./topology-spec.js";
export { publish, encodePayload, type Payload, type PublishOptions } from "./publish.js";
export { consume, type Consumer } from "./consume.js";
export {
  CONSUME_DEFAULTS,
  backoffFor,
  type ConsumeOptions,
  type Handler,
} from "./consume-options.js";
export type { ConsumerEvent } from "./consumer-events.js";
export type { Delivery } from "./delivery.js";
export type { DeadLetterRecord } from "./dead-letter.js";
export { HEADERS, type HeaderMap } from "./headers.js";
export { streamOf, subjectMatches } from "./routing.js";
export { extractTraceContext, injectTraceContext, traceIdOf } from "./trace-context.js";
export {
  BUS_ERROR_CODES,
  BusConsumerNotFoundError,
  BusDecodeError,
  BusError,
  BusInvalidArgumentError,
  BusNotConnectedError,
  BusOutputNotDurableError,
  BusPublishError,
  BusTopologyConflictError,
  BusTopologyError,
  codeOf,
  isPermanent,
  PermanentError,
  TransientError,
  type BusErrorCode,
} from "./errors.js";
export type { PubAck } from "@nats-io/jetstream";
