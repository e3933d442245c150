/**
 * Typed errors. Every condition has its own class and a stable `code`; the codes an agent can
 * receive in a rejection are listed in REJECTION_CODES.
 */

import { CodedError, type CodedErrorOptions } from "@pod/errors";

export type PodErrorOptions = CodedErrorOptions;

/** Base of every error this library throws: a stable `code`, context `details`, `cause`. */
export class PodError extends CodedError {
  declare readonly details: Record<string, unknown>;

  constructor(code: string, message: string, options: PodErrorOptions = {}) {
    // Details are always present here (empty when none), and an undefined cause is no cause.
    const details = options.details ?? {};
    super(
      code,
      message,
      options.cause === undefined ? { details } : { details, cause: options.cause },
    );
  }
}

/** The request bytes are not valid UTF-8. */
export class InvalidUtf8Error extends PodError {
  constructor(options: PodErrorOptions = {}) {
    super("INVALID_UTF8", "request bytes are not valid UTF-8", options);
  }
}

/** The request is valid UTF-8 but not JSON. */
export class MalformedJsonError extends PodError {
  constructor(message: string, options: PodErrorOptions = {}) {
    super("MALFORMED_JSON", `request is not valid JSON: ${message}`, options);
  }
}

/** One schema violation, as reported by SchemaError and friends. */
export interface SchemaIssue {
  /** Dotted path of the offending field, e.g. `body.registrations[0].sig`; "" for the root. */
  field: string;
  /** The rule broken: zod's issue code (`invalid_type`, `too_big`, ...) or a named rule. */
  rule: string;
  message: string;
}

/** The JSON does not match the schema. `field` and `rule` describe the first issue. */
export class SchemaError extends PodError {
  readonly field: string;
  readonly rule: string;
  readonly issues: SchemaIssue[];

  constructor(issues: SchemaIssue[], options: PodErrorOptions = {}) {
    const first = issues[0] ?? { field: "", rule: "unknown", message: "invalid" };
    super("SCHEMA_INVALID", `${first.field || "(root)"}: ${first.message} [${first.rule}]`, {
      ...options,
      details: { field: first.field, rule: first.rule, issues, ...options.details },
    });
    this.field = first.field;
    this.rule = first.rule;
    this.issues = issues;
  }
}

/** The envelope or payload carries a version this library does not speak. */
export class UnsupportedVersionError extends PodError {
  constructor(version: unknown, options: PodErrorOptions = {}) {
    super("UNSUPPORTED_VERSION", `unsupported version ${JSON.stringify(version)}`, {
      ...options,
      details: { version, ...options.details },
    });
  }
}

/** A request, or one of its fields, is over its size limit. */
export class TooLargeError extends PodError {
  readonly field: string;
  readonly limit: number;
  readonly actual: number;

  constructor(field: string, limit: number, actual: number, options: PodErrorOptions = {}) {
    super("TOO_LARGE", `${field || "request"} is ${actual} bytes, limit ${limit}`, {
      ...options,
      details: { field, limit, actual, ...options.details },
    });
    this.field = field;
    this.limit = limit;
    this.actual = actual;
  }
}

/** Text contains control characters (other than tab, LF, CR) or lone surrogates. */
export class TextInvalidError extends PodError {
  readonly field: string;

  constructor(field: string, reason: string, options: PodErrorOptions = {}) {
    super("TEXT_INVALID", `${field || "text"}: ${reason}`, {
      ...options,
      details: { field, reason, ...options.details },
    });
    this.field = field;
  }
}

/** A signature does not verify against its canonical bytes and public key. */
export class BadSignatureError extends PodError {
  readonly field: string;

  constructor(field: string, message: string, options: PodErrorOptions = {}) {
    super("BAD_SIGNATURE", `${field}: ${message}`, {
      ...options,
      details: { field, ...options.details },
    });
    this.field = field;
  }
}

/** The name the signing API uses; the same class as BadSignatureError. */
export const SignatureError = BadSignatureError;
export type SignatureError = BadSignatureError;

/** The request id was already seen for this agent. Raised by ingest. */
export class ReplayedError extends PodError {
  constructor(requestId: string, agent: string, options: PodErrorOptions = {}) {
    super("REPLAYED", `request ${requestId} of ${agent} was already accepted`, {
      ...options,
      details: { requestId, agent, ...options.details },
    });
  }
}

/** The request timestamp is outside the accepted window. Raised by ingest. */
export class StaleTimestampError extends PodError {
  constructor(ts: number, now: number, windowMs: number, options: PodErrorOptions = {}) {
    super("STALE_TIMESTAMP", `timestamp ${ts} is more than ${windowMs} ms from ${now}`, {
      ...options,
      details: { ts, now, windowMs, ...options.details },
    });
  }
}

/** The signing agent is not registered. Raised by ingest. */
export class UnknownAgentError extends PodError {
  constructor(agent: string, options: PodErrorOptions = {}) {
    super("UNKNOWN_AGENT", `agent ${agent} is not registered`, {
      ...options,
      details: { agent, ...options.details },
    });
  }
}

/** The agent exceeded its rate. Raised by ingest. */
export class RateLimitedError extends PodError {
  constructor(agent: string, retryAfterMs: number, options: PodErrorOptions = {}) {
    super("RATE_LIMITED", `agent ${agent} is rate limited; retry after ${retryAfterMs} ms`, {
      ...options,
      details: { agent, retryAfterMs, ...options.details },
    });
  }
}

/** A channel invite is past its expiry. Raised by ingest. */
export class InviteExpiredError extends PodError {
  constructor(expiresAt: number, now: number, options: PodErrorOptions = {}) {
    super("INVITE_EXPIRED", `invite expired at ${expiresAt} (now ${now})`, {
      ...options,
      details: { expiresAt, now, ...options.details },
    });
  }
}

/** Key material is malformed (wrong length, not base58, seed and public key disagree). */
export class InvalidKeyError extends PodError {
  constructor(message: string, options: PodErrorOptions = {}) {
    super("INVALID_KEY", message, options);
  }
}

/** A value cannot be put into RFC 8785 canonical form (lone surrogate, NaN, cycle). */
export class CanonicalizationError extends PodError {
  constructor(message: string, options: PodErrorOptions = {}) {
    super("NOT_CANONICALIZABLE", message, options);
  }
}

/** A message record's content lives in IPFS and was not supplied. */
export class ContentRequiredError extends PodError {
  constructor(requestId: string, cid: string | undefined, options: PodErrorOptions = {}) {
    super("CONTENT_REQUIRED", `content of ${requestId} is in IPFS (${cid}): pass its bytes`, {
      ...options,
      details: { requestId, cid, ...options.details },
    });
  }
}

/** Content bytes cannot be decoded (bad base64, bad deflate stream, over the size limit). */
export class ContentCorruptError extends PodError {
  constructor(message: string, options: PodErrorOptions = {}) {
    super("CONTENT_CORRUPT", message, options);
  }
}

/** Content bytes do not hash to the record's `contentHash`. */
export class ContentHashMismatchError extends PodError {
  constructor(expected: string, actual: string, options: PodErrorOptions = {}) {
    super("CONTENT_HASH_MISMATCH", `content hashes to ${actual}, record says ${expected}`, {
      ...options,
      details: { expected, actual, ...options.details },
    });
  }
}

/** parsePayload was asked for a schema name it does not know: a programming error. */
export class UnknownSchemaError extends PodError {
  constructor(name: string, options: PodErrorOptions = {}) {
    super("UNKNOWN_SCHEMA", `no payload schema named ${JSON.stringify(name)}`, {
      ...options,
      details: { name, ...options.details },
    });
  }
}

/** The codes an agent can receive in a `pod.events.request.rejected` event. */
export const REJECTION_CODES = [
  "INVALID_UTF8",
  "MALFORMED_JSON",
  "SCHEMA_INVALID",
  "UNSUPPORTED_VERSION",
  "TOO_LARGE",
  "TEXT_INVALID",
  "BAD_SIGNATURE",
  "REPLAYED",
  "STALE_TIMESTAMP",
  "UNKNOWN_AGENT",
  "RATE_LIMITED",
  "INVITE_EXPIRED",
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** True when `error` is a PodError whose code an agent may receive. */
export function isRejection(error: unknown): error is PodError & { code: RejectionCode } {
  return error instanceof PodError && (REJECTION_CODES as readonly string[]).includes(error.code);
}

export interface Rejection {
  code: RejectionCode;
  reason: string;
  field?: string;
}

/**
 * The fields of a rejection event for `error`, or undefined when the error is not the agent's
 * fault (an internal failure is retried or dead-lettered, never reported as a bad request).
 */
export function rejectionOf(error: unknown): Rejection | undefined {
  if (!isRejection(error)) return undefined;
  const field = error.details["field"];
  return typeof field === "string" && field !== ""
    ? { code: error.code, reason: error.message, field }
    : { code: error.code, reason: error.message };
}
