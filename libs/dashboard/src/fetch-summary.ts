import { SummaryHttpStatusError, SummaryInvalidError, SummaryUnreachableError } from "./errors.js";
import { summarySchema, type Summary } from "./summary-schema.js";

export const SUMMARY_PATH = "/api/summary";
export const DEFAULT_FETCH_TIMEOUT_MS = 5_000;

export interface FetchSummaryOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * GETs and validates a summary. `url` is the metrics service's base URL
 * (http://127.0.0.1:8086) or the summary's own URL; either works.
 */
export async function fetchSummary(
  url: string,
  options: FetchSummaryOptions = {},
): Promise<Summary> {
  const target = summaryUrl(url);
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(target, { signal, headers: { accept: "application/json" } });
  } catch (error) {
    throw new SummaryUnreachableError(target, { cause: error });
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new SummaryHttpStatusError(target, response.status);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw new SummaryInvalidError(target, "", "body is not JSON", { cause: error });
  }
  return parseSummary(body, target);
}

/** Validates a summary already in hand (e.g. from SSE); throws SummaryInvalidError. */
export function parseSummary(body: unknown, source = "summary"): Summary {
  const parsed = summarySchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new SummaryInvalidError(source, issue?.path.join(".") ?? "", issue?.message ?? "invalid", {
    cause: parsed.error,
  });
}

/** The summary's URL for a base URL or for the summary URL itself. */
export function summaryUrl(url: string): string {
  const parsed = new URL(url);
  if (!parsed.pathname.endsWith(SUMMARY_PATH)) {
    parsed.pathname = `${parsed.pathname.replace(/\/+$/, "")}${SUMMARY_PATH}`;
  }
  return parsed.toString();
}
