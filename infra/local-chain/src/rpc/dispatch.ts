import type { Handler, RpcContext } from "./context.js";
import { RpcError, internalError, invalidRequest, methodNotFound, parseError } from "./errors.js";
import { stringifyExact } from "./json.js";
import { accountMethods } from "./methods/accounts.js";
import { clusterMethods } from "./methods/cluster.js";
import { transactionMethods } from "./methods/transactions.js";

type Id = string | number | null;

interface Response {
  jsonrpc: "2.0";
  id: Id;
  result?: unknown;
  error?: ReturnType<RpcError["toJSON"]>;
}

/** Every HTTP method this node serves, by name. */
export const METHODS: Readonly<Record<string, Handler>> = {
  ...clusterMethods,
  ...accountMethods,
  ...transactionMethods,
};

/** Called for every request that failed with something other than an RpcError. */
export type InternalErrorHook = (method: string, error: unknown) => void;

function idOf(request: unknown): Id {
  const id = (request as { id?: unknown } | null)?.id;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

async function handleOne(
  request: unknown,
  ctx: RpcContext,
  methods: Readonly<Record<string, Handler>>,
  onInternal: InternalErrorHook,
): Promise<Response> {
  const id = idOf(request);
  const r = request as { jsonrpc?: unknown; method?: unknown; params?: unknown } | null;
  if (
    r === null ||
    typeof r !== "object" ||
    Array.isArray(r) ||
    r.jsonrpc !== "2.0" ||
    typeof r.method !== "string"
  ) {
    return { jsonrpc: "2.0", id, error: invalidRequest().toJSON() };
  }
  if (r.params !== undefined && typeof r.params !== "object") {
    return {
      jsonrpc: "2.0",
      id,
      error: invalidRequest("params must be an array or object").toJSON(),
    };
  }
  const handler = Object.hasOwn(methods, r.method) ? methods[r.method] : undefined;
  if (handler === undefined) return { jsonrpc: "2.0", id, error: methodNotFound().toJSON() };
  try {
    return { jsonrpc: "2.0", id, result: await handler(r.params, ctx) };
  } catch (e) {
    if (e instanceof RpcError) return { jsonrpc: "2.0", id, error: e.toJSON() };
    onInternal(r.method, e);
    return { jsonrpc: "2.0", id, error: internalError(e).toJSON() };
  }
}

/** Answers one JSON-RPC body (a request or a batch) with the response text. */
export async function dispatch(
  body: string,
  ctx: RpcContext,
  methods: Readonly<Record<string, Handler>> = METHODS,
  onInternal: InternalErrorHook = () => undefined,
): Promise<string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return stringifyExact({ jsonrpc: "2.0", id: null, error: parseError().toJSON() });
  }
  if (Array.isArray(parsed)) {
    if (parsed.length === 0) {
      return stringifyExact({ jsonrpc: "2.0", id: null, error: invalidRequest().toJSON() });
    }
    // Started in order, so sends in one batch execute in the order given.
    const responses = parsed.map((request) => handleOne(request, ctx, methods, onInternal));
    return stringifyExact(await Promise.all(responses));
  }
  return stringifyExact(await handleOne(parsed, ctx, methods, onInternal));
}
