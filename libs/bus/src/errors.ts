import { CodedError } from "@pod/errors";

/** Stable codes of the errors this package throws; a rejection carries the same code. */
export const BUS_ERROR_CODES = {
  notConnected: "BUS_NOT_CONNECTED",
  invalidArgument: "BUS_INVALID_ARGUMENT",
  topologyConflict: "BUS_TOPOLOGY_CONFLICT",
  topologyFailed: "BUS_TOPOLOGY_FAILED",
  publishFailed: "BUS_PUBLISH_FAILED",
  consumerNotFound: "BUS_CONSUMER_NOT_FOUND",
  outputNotDurable: "BUS_OUTPUT_NOT_DURABLE",
  decodeFailed: "BUS_DECODE_FAILED",
  handlerFailed: "BUS_HANDLER_FAILED",
  deliveriesExhausted: "BUS_DELIVERIES_EXHAUSTED",
} as const;
export type BusErrorCode = (typeof BUS_ERROR_CODES)[keyof typeof BUS_ERROR_CODES];

/** Base of every error raised by the bus: a stable `code`, context fields, `cause` chained. */
export class BusError extends CodedError {}

/** The connection is closed, or could not be opened. */
export class BusNotConnectedError extends BusError {
  readonly servers: string;

  constructor(servers: string, reason: string, options?: ErrorOptions) {
    super(BUS_ERROR_CODES.notConnected, `not connected to NATS (${servers}): ${reason}`, options);
    this.servers = servers;
  }
}

/** A caller passed a value the bus cannot use; nothing was sent. */
export class BusInvalidArgumentError extends BusError {
  readonly field: string;

  constructor(field: string, reason: string) {
    super(BUS_ERROR_CODES.invalidArgument, `invalid ${field}: ${reason}`);
    this.field = field;
  }
}

/** An existing stream or consumer differs from the desired one in a field that cannot change. */
export class BusTopologyConflictError extends BusError {
  readonly kind: "stream" | "consumer";
  readonly object: string;
  readonly field: string;
  readonly existing: unknown;
  readonly desired: unknown;

  constructor(
    kind: "stream" | "consumer",
    object: string,
    field: string,
    existing: unknown,
    desired: unknown,
  ) {
    super(
      BUS_ERROR_CODES.topologyConflict,
      `${kind} ${object}: ${field} is ${JSON.stringify(existing)}, ` +
        `wanted ${JSON.stringify(desired)}, and it cannot be changed in place`,
    );
    this.kind = kind;
    this.object = object;
    this.field = field;
    this.existing = existing;
    this.desired = desired;
  }
}

/** The server refused to create, read or update a stream or consumer. */
export class BusTopologyError extends BusError {
  readonly object: string;

  constructor(object: string, action: string, options?: ErrorOptions) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : "";
    super(BUS_ERROR_CODES.topologyFailed, `could not ${action} ${object}${reason}`, options);
    this.object = object;
  }
}

/** A publish did not get a PubAck: the message is not known to be stored. */
export class BusPublishError extends BusError {
  readonly subject: string;
  readonly msgId: string;

  constructor(subject: string, msgId: string, options?: ErrorOptions) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : "";
    super(BUS_ERROR_CODES.publishFailed, `publish to ${subject} (id ${msgId}) failed${reason}`, {
      ...options,
    });
    this.subject = subject;
    this.msgId = msgId;
  }
}

/** The durable consumer a service binds to does not exist (run ensureTopology first). */
export class BusConsumerNotFoundError extends BusError {
  readonly stream: string;
  readonly durable: string;

  constructor(stream: string, durable: string, options?: ErrorOptions) {
    super(
      BUS_ERROR_CODES.consumerNotFound,
      `consumer ${durable} on stream ${stream} not found`,
      options,
    );
    this.stream = stream;
    this.durable = durable;
  }
}

/**
 * A failure that will not go away by retrying (bad input, a refused signature): the message
 * is dead-lettered at once. Errors from elsewhere can opt in with a `permanent: true` field.
 */
export class PermanentError extends BusError {
  readonly permanent = true;

  constructor(message: string, options?: ErrorOptions & { code?: string }) {
    super(options?.code ?? BUS_ERROR_CODES.handlerFailed, message, options);
  }
}

/** A failure worth retrying later (a dependency is down). Any unclassified error counts too. */
export class TransientError extends BusError {
  readonly permanent = false;

  constructor(message: string, options?: ErrorOptions & { code?: string }) {
    super(options?.code ?? BUS_ERROR_CODES.handlerFailed, message, options);
  }
}

/** A handler's output publish failed, so its input must not be acked. */
export class BusOutputNotDurableError extends TransientError {
  readonly failures: number;

  constructor(failures: unknown[]) {
    const first = failures[0];
    super(
      `${failures.length} output publish(es) not acknowledged` +
        (first instanceof Error ? `: ${first.message}` : ""),
      { code: BUS_ERROR_CODES.outputNotDurable, cause: first },
    );
    this.failures = failures.length;
  }
}

/** The payload is not the JSON the handler asked for: bad input, dead-lettered at once. */
export class BusDecodeError extends PermanentError {
  readonly subject: string;

  constructor(subject: string, options?: ErrorOptions) {
    super(`payload on ${subject} is not valid JSON`, {
      ...options,
      code: BUS_ERROR_CODES.decodeFailed,
    });
    this.subject = subject;
  }
}

/** True when the error says retrying cannot help. */
export function isPermanent(err: unknown): boolean {
  return (
    err instanceof PermanentError ||
    (typeof err === "object" && err !== null && (err as { permanent?: unknown }).permanent === true)
  );
}

/** The error's stable code, or the generic handler code for errors that carry none. */
export function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.length > 0 ? code : BUS_ERROR_CODES.handlerFailed;
}
