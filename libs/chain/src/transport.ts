import { AsyncLocalStorage } from "node:async_hooks";
import { fetchFailure, httpFailure, jsonRpcFailure, type AttemptFailure } from "./failure.js";
import { ChainError } from "./errors.js";

/**
 * One attempt of a pool call. The pool runs the caller's function inside it, and the fetch
 * below writes what it saw there, so a failure is classified from the transport itself
 * (status, timeout, socket error, JSON-RPC error code) and not from the text web3.js
 * wraps it in (some of its methods turn errors into new Error(string)).
 */
export interface AttemptRecord {
  failure?: AttemptFailure;
}

export const attemptContext = new AsyncLocalStorage<AttemptRecord>();

function record(failure: AttemptFailure): void {
  const attempt = attemptContext.getStore();
  // The first failure is the cause; later ones in the same attempt follow from it.
  if (attempt !== undefined && attempt.failure === undefined) attempt.failure = failure;
}

/** A JSON-RPC error response's code, read without trusting the body's shape. */
function jsonRpcErrorOf(text: string): { code: number; message: string } | undefined {
  if (!text.includes('"error"')) return undefined;
  try {
    const body = JSON.parse(text) as unknown;
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    if (error && typeof error.code === "number") {
      return { code: error.code, message: String(error.message ?? "") };
    }
  } catch {
    // not JSON: web3.js will say so itself
  }
  return undefined;
}

/**
 * The fetch given to web3.js for one endpoint: every request is bounded by `timeoutMs`
 * (a stall counts as a failure, as a refused connection does), transport failures become
 * ChainErrors, and HTTP/JSON-RPC failures are recorded for the pool before web3.js sees them.
 */
export function timedFetch(url: string, timeoutMs: number) {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([timeout, init.signal]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await fetch(input, { ...init, signal });
      // The body is read under the same signal: a server that sends headers and then
      // stalls is still cut off at timeoutMs.
      text = await response.text();
    } catch (error) {
      const failure = fetchFailure(error, timeout.aborted, timeoutMs);
      record(failure);
      throw new ChainError(failure.code, `${url}: ${failure.message}`, { cause: error });
    }
    if (!response.ok) {
      const failure = httpFailure(
        response.status,
        response.statusText,
        response.headers.get("retry-after"),
      );
      record(failure);
      throw new ChainError(failure.code, `${url}: ${failure.message}: ${text.slice(0, 200)}`);
    }
    const rpcError = jsonRpcErrorOf(text);
    if (rpcError !== undefined) {
      const failure = jsonRpcFailure(rpcError.code, rpcError.message);
      if (failure !== undefined) record(failure);
    }
    return new Response(text, {
      status: response.status,
      statusText: response.statusText,
      headers: { "content-type": response.headers.get("content-type") ?? "application/json" },
    });
  };
}
