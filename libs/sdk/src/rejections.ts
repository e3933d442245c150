import {
  PROTOCOL_VERSION,
  rejectionOf,
  type RejectionCode,
  type RequestRejectedEvent,
} from "@pod/protocol";
import { RejectedError } from "./errors.js";

/**
 * One RejectedError subclass per rejection code, so callers can `instanceof` the condition
 * they handle (or switch on `code`, which every one of them carries).
 */

/** The request bytes are not UTF-8. */
export class InvalidUtf8RejectedError extends RejectedError {}
/** The request is not JSON. */
export class MalformedJsonRejectedError extends RejectedError {}
/** The request does not match its schema; `field` names the first offending field. */
export class SchemaInvalidRejectedError extends RejectedError {}
/** The envelope carries a version ingest does not speak. */
export class UnsupportedVersionRejectedError extends RejectedError {}
/** The request or one of its fields is over its size limit. */
export class TooLargeRejectedError extends RejectedError {}
/** A text field breaks the text rules (control characters, not NFC, ...). */
export class TextInvalidRejectedError extends RejectedError {}
/** The signature does not verify against the agent's key. */
export class BadSignatureRejectedError extends RejectedError {}
/** The same (agent, id) was already seen inside the replay window. */
export class ReplayedRejectedError extends RejectedError {}
/** The request's `ts` is outside ingest's clock-skew window. */
export class StaleTimestampRejectedError extends RejectedError {}
/** The agent has no confirmed registration yet. */
export class UnknownAgentRejectedError extends RejectedError {}
/** The agent's token bucket is empty: retry later. */
export class RateLimitedRejectedError extends RejectedError {}
/** The invite of a join_channel has expired. */
export class InviteExpiredRejectedError extends RejectedError {}

type RejectedErrorClass = new (
  event: RequestRejectedEvent,
  options?: { cause?: unknown; local?: boolean },
) => RejectedError;

/** The error class of each rejection code. */
export const REJECTED_ERROR_CLASSES: Record<RejectionCode, RejectedErrorClass> = {
  INVALID_UTF8: InvalidUtf8RejectedError,
  MALFORMED_JSON: MalformedJsonRejectedError,
  SCHEMA_INVALID: SchemaInvalidRejectedError,
  UNSUPPORTED_VERSION: UnsupportedVersionRejectedError,
  TOO_LARGE: TooLargeRejectedError,
  TEXT_INVALID: TextInvalidRejectedError,
  BAD_SIGNATURE: BadSignatureRejectedError,
  REPLAYED: ReplayedRejectedError,
  STALE_TIMESTAMP: StaleTimestampRejectedError,
  UNKNOWN_AGENT: UnknownAgentRejectedError,
  RATE_LIMITED: RateLimitedRejectedError,
  INVITE_EXPIRED: InviteExpiredRejectedError,
};

/** The typed error of a rejection (a plain RejectedError for a code this SDK does not know). */
export function rejectionError(event: RequestRejectedEvent): RejectedError {
  const ErrorClass = REJECTED_ERROR_CLASSES[event.code] ?? RejectedError;
  return new ErrorClass(event);
}

/**
 * The typed rejection of a request the SDK refused to sign (it runs ingest's own schema and
 * text checks first), so a caller handles one error whether the SDK or ingest said no. Other
 * errors pass through unchanged.
 */
export function localRejection(error: unknown, op: string, agent: string): unknown {
  const rejection = rejectionOf(error);
  if (!rejection) return error;
  const event: RequestRejectedEvent = {
    v: PROTOCOL_VERSION,
    op: op as RequestRejectedEvent["op"],
    agent,
    ...rejection,
    reason: rejection.reason.slice(0, 1024),
    at: Date.now(),
  };
  const ErrorClass = REJECTED_ERROR_CLASSES[rejection.code] ?? RejectedError;
  return new ErrorClass(event, { cause: error, local: true });
}
