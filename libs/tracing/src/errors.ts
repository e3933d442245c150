import { CodedError, type CodedErrorOptions } from "@pod/errors";

export const TRACING_ERROR_CODES = {
  /** The trace store could not be read (NATS or the POD_TRACES stream did not answer). */
  storeUnavailable: "TRACE_STORE_UNAVAILABLE",
  /** Neither a trace id (32 hex digits) nor a request key was given. */
  badQuery: "TRACE_QUERY_INVALID",
} as const;

export class TracingError extends CodedError {
  constructor(code: string, message: string, options?: CodedErrorOptions) {
    super(code, message, options);
  }
}
