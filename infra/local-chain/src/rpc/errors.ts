import { describeTransactionError, type TransactionErrorJson } from "@pod/svm";

/** A JSON-RPC error with a validator's code, message and data. */
export class RpcError extends Error {
  readonly code: number;
  readonly data: unknown;

  constructor(code: number, message: string, data?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RpcError";
    this.code = code;
    this.data = data;
  }

  toJSON(): { code: number; message: string; data?: unknown } {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;
export const SEND_TRANSACTION_PREFLIGHT_FAILURE = -32002;
export const TRANSACTION_SIGNATURE_VERIFICATION_FAILURE = -32003;
export const UNSUPPORTED_TRANSACTION_VERSION = -32015;
export const MIN_CONTEXT_SLOT_NOT_REACHED = -32016;

export const parseError = (): RpcError => new RpcError(PARSE_ERROR, "Parse error");
export const invalidRequest = (detail?: string): RpcError =>
  new RpcError(
    INVALID_REQUEST,
    detail === undefined ? "Invalid request" : `Invalid request: ${detail}`,
  );
export const methodNotFound = (): RpcError => new RpcError(METHOD_NOT_FOUND, "Method not found");
export const invalidParams = (detail: string): RpcError =>
  new RpcError(INVALID_PARAMS, `Invalid params: ${detail}`);
/** The validator's wording for a parameter that parsed but is not acceptable. */
export const invalidParam = (detail: string): RpcError =>
  new RpcError(INVALID_PARAMS, `Invalid param: ${detail}`);
export const internalError = (cause: unknown): RpcError =>
  new RpcError(INTERNAL_ERROR, "Internal error", undefined, { cause });

export interface PreflightData {
  err: TransactionErrorJson;
  logs: string[];
  accounts: null;
  unitsConsumed: bigint;
  returnData: unknown;
  innerInstructions: null;
  replacementBlockhash: null;
  loadedAccountsDataSize: null;
  fee: bigint | null;
}

/** Preflight refused the transaction; web3.js turns this into SendTransactionError with logs. */
export function preflightFailure(data: PreflightData): RpcError {
  const message = `Transaction simulation failed: ${describeTransactionError(data.err)}`;
  return new RpcError(SEND_TRANSACTION_PREFLIGHT_FAILURE, message, data);
}

export const signatureVerificationFailure = (): RpcError =>
  new RpcError(
    TRANSACTION_SIGNATURE_VERIFICATION_FAILURE,
    "Transaction signature verification failure",
  );

export const unsupportedTransactionVersion = (version: number): RpcError =>
  new RpcError(
    UNSUPPORTED_TRANSACTION_VERSION,
    `Transaction version (${version}) is not supported by the requesting client. Please try ` +
      `the request again with the following configuration parameter: ` +
      `"maxSupportedTransactionVersion": ${version}`,
  );

export const minContextSlotNotReached = (contextSlot: bigint): RpcError =>
  new RpcError(MIN_CONTEXT_SLOT_NOT_REACHED, "Minimum context slot has not been reached", {
    contextSlot,
  });
