import type { Keypair, SubscriptionFilter } from "@pod/protocol";
import type { SubscriptionError } from "./errors.js";

/** What one connection attempt needs. */
export interface ConnectRequest {
  /** The subscription service's base URL (http(s):// or ws(s)://). */
  url: string;
  keypair: Keypair;
  /** Resume after this cursor; absent: from the live tail. */
  cursor?: string;
  filter?: SubscriptionFilter;
  /** When set, a challenge for any other audience is refused (AUDIENCE_MISMATCH). */
  audience?: string;
  /** Gives up on a connection that shows no sign of life (no frame, ping or comment). */
  idleTimeoutMs: number;
  /** Each delivery frame's payload, unvalidated, in order. */
  onMessage(message: unknown): void;
}

/** One authenticated connection. */
export interface Connection {
  /** Resolves with why the connection ended (never rejects). */
  ended: Promise<SubscriptionError>;
  /** Stops reading (backpressure: the server sees a slow reader). */
  pause(): void;
  resume(): void;
  /** Closes it; `ended` then resolves. */
  close(): void;
}

/** Opens a connection; resolves once the server accepted it, rejects with SubscriptionError. */
export type Transport = (request: ConnectRequest) => Promise<Connection>;

/** The base URL with `path`, in the scheme family asked for. */
export function endpoint(base: string, path: string, family: "http" | "ws"): URL {
  const url = new URL(path, base.endsWith("/") ? base : `${base}/`);
  const secure = url.protocol === "https:" || url.protocol === "wss:";
  url.protocol = family === "ws" ? (secure ? "wss:" : "ws:") : secure ? "https:" : "http:";
  url.pathname = path;
  return url;
}
