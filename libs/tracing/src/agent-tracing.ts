import type { Tracer } from "@opentelemetry/api";
import type { Bus } from "@pod/bus";
import type { TraceStoreStats } from "@pod/runtime";

export type AgentTracingOptions = { service: string } & (
  { bus: Bus } | { servers: string | string[] }
);

export interface AgentTracing {
  tracer: Tracer;
  stats(): TraceStoreStats;
  /** Exports what has ended so far (before printing a trace id, for instance). */
  flush(): Promise<void>;
  /** Flushes and stops, within `timeoutMs` (default 2 s). */
  shutdown(timeoutMs?: number): Promise<void>;
}

/**
 * Registers OpenTelemetry for an agent process (CLI, MCP server, scripts): its spans, and the
 * bus's publish spans inside them, go to the local trace store, so an agent's publish is the
 * first hop of its request's trace. With `bus`, spans ride that connection (never closed
 * here); with `servers`, a connection of its own.
 */
export async function installAgentTracing(options: AgentTracingOptions): Promise<AgentTracing> {
  // Loaded on demand: reading and rendering traces must not pay for the SDK.
  const { startAgentTelemetry } = await import("@pod/runtime");
  return startAgentTelemetry({
    service: options.service,
    connection: "bus" in options ? { nc: options.bus.nc } : { servers: options.servers },
  });
}
