import { CodedError, type CodedErrorOptions } from "@pod/errors";

export const DASHBOARD_ERROR_CODES = [
  "SUMMARY_UNREACHABLE",
  "SUMMARY_HTTP_STATUS",
  "SUMMARY_INVALID",
] as const;
export type DashboardErrorCode = (typeof DASHBOARD_ERROR_CODES)[number];

/** Base of this library's errors. */
export class DashboardError extends CodedError {
  declare readonly code: DashboardErrorCode;

  constructor(code: DashboardErrorCode, message: string, options?: CodedErrorOptions) {
    super(code, message, options);
  }
}

/** Nothing answered at the summary URL (connection refused, DNS, timeout). */
export class SummaryUnreachableError extends DashboardError {
  constructor(
    readonly url: string,
    options?: CodedErrorOptions,
  ) {
    super("SUMMARY_UNREACHABLE", `no answer from ${url}`, {
      ...options,
      details: { url, ...options?.details },
    });
  }
}

/** The metrics service answered with a status other than 200. */
export class SummaryHttpStatusError extends DashboardError {
  constructor(
    readonly url: string,
    readonly status: number,
    options?: CodedErrorOptions,
  ) {
    super("SUMMARY_HTTP_STATUS", `${url} answered HTTP ${status}`, {
      ...options,
      details: { url, status, ...options?.details },
    });
  }
}

/** The body is not JSON or not a summary of this version; `field` names the first problem. */
export class SummaryInvalidError extends DashboardError {
  constructor(
    readonly url: string,
    readonly field: string,
    message: string,
    options?: CodedErrorOptions,
  ) {
    super("SUMMARY_INVALID", `${url}: ${field || "(root)"}: ${message}`, {
      ...options,
      details: { url, field, ...options?.details },
    });
  }
}
