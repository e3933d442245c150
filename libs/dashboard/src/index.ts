export {
  summarySchema,
  windowSummarySchema,
  percentilesSchema,
  throughputSchema,
  consumerLagSchema,
  seriesSchema,
  SUMMARY_VERSION,
  SUMMARY_WINDOWS,
  STAGES,
  type Summary,
  type SummaryWindow,
  type SummarySeries,
  type WindowSummary,
  type Percentiles,
  type Throughput,
  type ConsumerLag,
  type StageName,
} from "./summary-schema.js";
export {
  fetchSummary,
  parseSummary,
  summaryUrl,
  SUMMARY_PATH,
  DEFAULT_FETCH_TIMEOUT_MS,
  type FetchSummaryOptions,
} from "./fetch-summary.js";
export { renderTop, type RenderTopOptions } from "./render-top.js";
export { formatDuration, formatMs, formatNumber, formatRate } from "./format.js";
export {
  DashboardError,
  SummaryHttpStatusError,
  SummaryInvalidError,
  SummaryUnreachableError,
  DASHBOARD_ERROR_CODES,
  type DashboardErrorCode,
} from "./errors.js";
