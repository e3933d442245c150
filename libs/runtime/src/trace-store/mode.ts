/** POD_TRACE_STORE: auto stores spans locally only when no OTLP endpoint takes them. */
export const TRACE_STORE_MODES = ["auto", "on", "off"] as const;
export type TraceStoreMode = (typeof TRACE_STORE_MODES)[number];

/** Whether finished spans go to the local trace store (POD_TRACES). */
export function traceStoreEnabled(mode: TraceStoreMode, otlpEndpoint: string | undefined): boolean {
  if (mode === "on") return true;
  if (mode === "off") return false;
  return otlpEndpoint === undefined;
}
