import { CodedError, type CodedErrorOptions } from "@pod/errors";

/**
 * Codes a subscriber can receive, each with its WebSocket close code. The close reason starts
 * with the code, so a client that only sees the close frame still knows why.
 */
export const CLOSE_CODES = {
  BAD_REQUEST: 4000,
  AUTH_FAILED: 4001,
  AUTH_TIMEOUT: 4002,
  CURSOR_INVALID: 4004,
  SLOW_CONSUMER: 4008,
  TOO_MANY_CONNECTIONS: 4029,
  SERVER_DRAINING: 1001,
  INTERNAL: 1011,
} as const;

export type SubscriptionErrorCode = keyof typeof CLOSE_CODES;

/** HTTP status of each code when an SSE request is refused before its stream starts. */
export const HTTP_STATUS: Record<SubscriptionErrorCode, number> = {
  BAD_REQUEST: 400,
  AUTH_FAILED: 401,
  AUTH_TIMEOUT: 401,
  CURSOR_INVALID: 400,
  SLOW_CONSUMER: 429,
  TOO_MANY_CONNECTIONS: 503,
  SERVER_DRAINING: 503,
  INTERNAL: 500,
};

/** A refusal or cut of one subscriber; `code` is what the subscriber is told. */
export class SubscriptionError extends CodedError {
  declare readonly code: SubscriptionErrorCode;

  constructor(code: SubscriptionErrorCode, reason: string, options?: CodedErrorOptions) {
    super(code, reason, options);
  }
}

/** The subscriber-facing code and reason of any failure (internal ones are not detailed). */
export function refusalOf(error: unknown): { code: SubscriptionErrorCode; reason: string } {
  if (error instanceof SubscriptionError) return { code: error.code, reason: error.message };
  return { code: "INTERNAL", reason: "internal error" };
}

/** A WebSocket close reason: the code first, at most 123 bytes as the protocol allows. */
export function closeReason(code: SubscriptionErrorCode, reason: string): string {
  let text = `${code}: ${reason}`;
  while (Buffer.byteLength(text) > 123) text = text.slice(0, -1);
  return text;
}
