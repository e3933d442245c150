/** Number formats shared by `pod top` and the tests that read its output. */

/** Milliseconds: one decimal under 10 ms, whole below 10 s, then seconds or minutes. */
export function formatMs(ms: number | null): string {
  if (ms === null) return "-";
  if (ms < 10) return `${round(ms, 1)}ms`;
  if (ms < 10_000) return `${Math.round(ms)}ms`;
  if (ms < 120_000) return `${round(ms / 1000, 1)}s`;
  return `${round(ms / 60_000, 1)}m`;
}

/** Events per second: two decimals under 10, one under 100, then whole. */
export function formatRate(perSec: number): string {
  if (perSec < 10) return `${round(perSec, 2)}/s`;
  if (perSec < 100) return `${round(perSec, 1)}/s`;
  return `${Math.round(perSec)}/s`;
}

/** Counts and amounts: whole numbers with thousands separators, fractions to one decimal. */
export function formatNumber(value: number | null): string {
  if (value === null) return "-";
  const rounded =
    Math.abs(value) >= 100 || Number.isInteger(value) ? Math.round(value) : round(value, 1);
  return rounded.toLocaleString("en-US", { maximumFractionDigits: 1 });
}

/** A duration such as an uptime: 45s, 3m12s, 2h05m. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
