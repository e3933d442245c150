import { SdkError } from "../errors.js";

/**
 * Why a subscription's connection ended or was refused. The server's codes (sent in an error
 * frame, a close reason, an SSE error event or an HTTP body) keep their names; the rest are
 * the client's own.
 */
export const SUBSCRIPTION_ERROR_CODES = [
  // The server's.
  "AUTH_TIMEOUT",
  "AUTH_FAILED",
  "BAD_REQUEST",
  "CURSOR_INVALID",
  "SLOW_CONSUMER",
  "SERVER_DRAINING",
  "TOO_MANY_CONNECTIONS",
  "INTERNAL",
  // The client's: the socket could not be opened or dropped; a frame broke the protocol; the
  // challenge named another audience than the one the client was told to expect.
  "CONNECTION_FAILED",
  "CONNECTION_LOST",
  "PROTOCOL_ERROR",
  "INVALID_DELIVERY",
  "AUDIENCE_MISMATCH",
] as const;

export type SubscriptionErrorCode = (typeof SUBSCRIPTION_ERROR_CODES)[number];

/** Codes after which reconnecting cannot help: the same request would be refused again. */
const FINAL: ReadonlySet<SubscriptionErrorCode> = new Set([
  "AUTH_FAILED",
  "CURSOR_INVALID",
  "BAD_REQUEST",
  "AUDIENCE_MISMATCH",
]);

/** A subscription's connection ended or was refused; `retryable` says whether it reconnects. */
export class SubscriptionError extends SdkError {
  declare readonly code: SubscriptionErrorCode;
  readonly reason: string;
  /** The WebSocket close code or HTTP status that carried it, when there was one. */
  readonly status: number | undefined;

  constructor(
    code: SubscriptionErrorCode,
    reason: string,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(code, `${code}: ${reason}`, {
      details: { reason, status: options.status },
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.reason = reason;
    this.status = options.status;
  }

  get retryable(): boolean {
    return !FINAL.has(this.code);
  }
}

export function isSubscriptionCode(code: unknown): code is SubscriptionErrorCode {
  return typeof code === "string" && (SUBSCRIPTION_ERROR_CODES as readonly string[]).includes(code);
}

/** The error a server's `{code, reason}` (frame, event or body) stands for. */
export function fromServer(value: unknown, status?: number): SubscriptionError {
  const body = (typeof value === "object" && value !== null ? value : {}) as {
    code?: unknown;
    reason?: unknown;
  };
  const reason = typeof body.reason === "string" ? body.reason : "no reason given";
  const code = isSubscriptionCode(body.code) ? body.code : "PROTOCOL_ERROR";
  return new SubscriptionError(code, reason, { status });
}

/** The error a WebSocket close stands for: the reason starts with the code (`CODE: text`). */
export function fromClose(closeCode: number, reasonText: string): SubscriptionError {
  const match = /^([A-Z_]+)(?::\s*(.*))?$/s.exec(reasonText);
  if (match && isSubscriptionCode(match[1])) {
    return new SubscriptionError(match[1], match[2] || reasonText, { status: closeCode });
  }
  if (closeCode === 1001) {
    return new SubscriptionError("SERVER_DRAINING", reasonText || "going away", {
      status: closeCode,
    });
  }
  return new SubscriptionError("CONNECTION_LOST", reasonText || `closed (${closeCode})`, {
    status: closeCode,
  });
}
