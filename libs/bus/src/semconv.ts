/**
 * OpenTelemetry messaging attribute names used by the bus. Messaging conventions are still
 * "development" status upstream, so the names are spelled here rather than imported.
 */
export const ATTR = {
  system: "messaging.system",
  destination: "messaging.destination.name",
  operationType: "messaging.operation.type",
  operationName: "messaging.operation.name",
  messageId: "messaging.message.id",
  bodySize: "messaging.message.body.size",
  consumerGroup: "messaging.consumer.group.name",
  deliveryCount: "messaging.nats.message.delivery_count",
  streamSequence: "messaging.nats.message.stream_sequence",
  errorType: "error.type",
} as const;

export const MESSAGING_SYSTEM = "nats";

/** Instrumentation scope name of every span the bus starts. */
export const TRACER_NAME = "@pod/bus";
