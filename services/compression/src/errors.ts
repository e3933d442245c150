import { PermanentError } from "@pod/bus";

/** Stable codes of what compression refuses; a dead letter carries the same code. */
export const COMPRESSION_ERROR_CODES = {
  acceptedInvalid: "ACCEPTED_PAYLOAD_INVALID",
  operationMismatch: "OPERATION_MISMATCH",
  recordRefused: "RECORD_REFUSED",
} as const;

function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as { code?: unknown }).code;
  return typeof code === "string" ? `${code}: ${cause.message}` : cause.message;
}

/**
 * The input is not an AcceptedPayload. ingest validated it, so this is a bug or a foreign
 * publisher; retrying reads the same bytes, so it is dead-lettered at once.
 */
export class AcceptedPayloadInvalidError extends PermanentError {
  constructor(
    readonly subject: string,
    cause: unknown,
  ) {
    super(`accepted payload on ${subject} is invalid (${describe(cause)})`, {
      code: COMPRESSION_ERROR_CODES.acceptedInvalid,
      cause,
    });
  }
}

/** The subject names one operation and the request another (or none the protocol knows). */
export class OperationMismatchError extends PermanentError {
  constructor(
    readonly subject: string,
    readonly op: string,
  ) {
    super(`request on ${subject} is a ${op}`, { code: COMPRESSION_ERROR_CODES.operationMismatch });
  }
}

/**
 * The protocol refused the record built for a valid request. Building is a pure function of
 * the request and the configuration, so a retry would be refused the same way.
 */
export class RecordRefusedError extends PermanentError {
  constructor(
    readonly requestId: string,
    cause: unknown,
  ) {
    super(`record of ${requestId} refused (${describe(cause)})`, {
      code: COMPRESSION_ERROR_CODES.recordRefused,
      cause,
    });
  }
}
