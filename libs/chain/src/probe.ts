import { CHAIN_ERROR_CODES, ChainError } from "./errors.js";
import { jsonRpcFailure, type AttemptFailure } from "./failure.js";

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

async function rpc(
  url: string,
  fetch: Fetch,
  method: string,
): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method }),
  });
  return (await response.json()) as { result?: unknown; error?: { code: number; message: string } };
}

/**
 * One health probe through the endpoint's own bounded fetch: getHealth ("ok" or -32005
 * unhealthy/behind), or getSlot where a provider does not serve getHealth. Resolves with the
 * failure, undefined when healthy; never rejects.
 */
export async function probeEndpoint(
  url: string,
  fetch: Fetch,
): Promise<AttemptFailure | undefined> {
  try {
    let answer = await rpc(url, fetch, "getHealth");
    if (answer.error?.code === -32601) answer = await rpc(url, fetch, "getSlot");
    if (answer.error === undefined) return undefined;
    return (
      jsonRpcFailure(answer.error.code, answer.error.message) ?? {
        code: CHAIN_ERROR_CODES.rpcUnavailable,
        transient: true,
        message: `probe: ${answer.error.code}: ${answer.error.message}`,
      }
    );
  } catch (error) {
    if (error instanceof ChainError)
      return { code: error.code, transient: true, message: error.message };
    return { code: CHAIN_ERROR_CODES.rpcUnavailable, transient: true, message: String(error) };
  }
}
