import type { Connection } from "@solana/web3.js";
import type { EndpointStats } from "./endpoint-stats.js";
import type { timedFetch } from "./transport.js";

/** One JSON-RPC URL of a pool: its Connection, its bounded fetch and its health. */
export interface Endpoint {
  url: string;
  connection: Connection;
  fetch: ReturnType<typeof timedFetch>;
  stats: EndpointStats;
  /** A probe of it is under way. */
  probing: boolean;
}
