import { CHAIN_ERROR_CODES, ChainError, type ChainErrorCode } from "./errors.js";

/**
 * What went wrong with one attempt on one endpoint, as far as routing cares: `transient`
 * failures are the endpoint's fault (fail over, score it down), the others are answers.
 */
export interface AttemptFailure {
  code: ChainErrorCode;
  transient: boolean;
  message: string;
  /** From a 429's Retry-After header. */
  retryAfterMs?: number;
}

/**
 * JSON-RPC error codes a healthy node would not return for this request: the node is
 * unhealthy or behind (-32005), lacks the block or slot status yet (-32004, -32014), has not
 * reached the caller's minContextSlot (-32016), or failed internally (-32603).
 */
const TRANSIENT_JSON_RPC_CODES: ReadonlySet<number> = new Set([
  -32005, -32004, -32014, -32016, -32603,
]);

export function jsonRpcFailure(code: number, message: string): AttemptFailure | undefined {
  if (!TRANSIENT_JSON_RPC_CODES.has(code)) return undefined;
  return {
    code: CHAIN_ERROR_CODES.rpcUnavailable,
    transient: true,
    message: `${code}: ${message}`,
  };
}

export function httpFailure(status: number, statusText: string, retryAfter: string | null) {
  if (status === 429) {
    const failure: AttemptFailure = {
      code: CHAIN_ERROR_CODES.rpcRateLimited,
      transient: true,
      message: `HTTP 429 ${statusText}`,
    };
    const seconds = retryAfter === null ? NaN : Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) failure.retryAfterMs = seconds * 1000;
    return failure;
  }
  if (status >= 500) {
    return {
      code: CHAIN_ERROR_CODES.rpcUnavailable,
      transient: true,
      message: `HTTP ${status} ${statusText}`,
    } satisfies AttemptFailure;
  }
  // 4xx other than 429 (413 body too large, 401/403 bad key): asking again will not help.
  return {
    code: CHAIN_ERROR_CODES.rpcError,
    transient: false,
    message: `HTTP ${status} ${statusText}`,
  } satisfies AttemptFailure;
}

/** A fetch that threw: our own timeout, the caller's abort, or the network. */
export function fetchFailure(error: unknown, timedOut: boolean, timeoutMs: number): AttemptFailure {
  if (timedOut) {
    return {
      code: CHAIN_ERROR_CODES.rpcTimeout,
      transient: true,
      message: `no answer within ${timeoutMs} ms`,
    };
  }
  if (isAbort(error)) {
    return { code: CHAIN_ERROR_CODES.aborted, transient: false, message: "aborted by the caller" };
  }
  return { code: CHAIN_ERROR_CODES.rpcUnavailable, transient: true, message: networkReason(error) };
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}

/** undici's "fetch failed" hides the reason (ECONNREFUSED, ECONNRESET...) in `cause`. */
function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (cause && typeof cause === "object") {
    const code = typeof cause.code === "string" ? cause.code : undefined;
    const message = typeof cause.message === "string" ? cause.message : undefined;
    if (code !== undefined || message !== undefined) {
      return [error.message, code, message].filter((s) => s !== undefined).join(": ");
    }
  }
  return error.message;
}

/**
 * Classifies an error thrown by the caller's function when the transport recorded nothing
 * (a function that did not go through the pool's Connection, or an error raised after the
 * answer). web3.js keeps a JSON-RPC error's code on SolanaJSONRPCError.
 */
export function failureOfError(error: unknown): AttemptFailure | undefined {
  if (error instanceof ChainError) {
    return { code: error.code, transient: error.transient, message: error.message };
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "number") {
    return jsonRpcFailure(code, error instanceof Error ? error.message : String(error));
  }
  return undefined;
}
