/** A duration for a column: 0.42 ms, 12.3 ms, 187 ms, 1.84 s. */
export function formatMs(ms: number): string {
  if (ms === 0) return "0 ms";
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1_000).toFixed(2)} s`;
}

/** `text` cut to `width` columns with an ellipsis, or padded to it. */
export function fit(text: string, width: number): string {
  if (width <= 0) return "";
  if (text.length > width) return width === 1 ? "…" : `${text.slice(0, width - 1)}…`;
  return text.padEnd(width);
}

/** A long id shown as its head and tail: 5KxQ3ab…9QzT. */
export function shorten(id: string, keep = 6): string {
  return id.length <= keep * 2 + 1 ? id : `${id.slice(0, keep)}…${id.slice(-keep)}`;
}

/** 1234567 -> 1,234,567 */
export function grouped(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
