import { STATE_TREE_V1 } from "@pod/light";
import { envBool, envInt, envMillis, envText, envUrl } from "@pod/runtime";
import { z } from "zod";

export const DEFAULT_AUDIENCE = "pod-subscription";

/** subscription's own variables; the common ones (NATS_URL, SERVICE_HTTP_PORT, ...) come from the runtime. */
export const subscriptionConfigSchema = z.object({
  /** Named in every challenge an agent signs: an answer for one deployment fails on another. */
  SUBSCRIPTION_AUDIENCE: envText().default(DEFAULT_AUDIENCE),
  /**
   * Bytes written to one connection and not yet taken by its socket; past this the client is
   * cut with SLOW_CONSUMER. About 5 messages of the largest size (64 KiB content, carried twice).
   */
  SUBSCRIPTION_MAX_BUFFER_BYTES: envInt(16 * 1024, 256 * 1024 * 1024).default(1024 * 1024),
  /** Connections (WebSocket and SSE together) this instance accepts; more are refused. */
  SUBSCRIPTION_MAX_CONNECTIONS: envInt(1, 1_000_000).default(10_000),
  /** A WebSocket client must answer its challenge within this. */
  SUBSCRIPTION_AUTH_TIMEOUT_MS: envMillis(100, 600_000).default(10_000),
  /** How long an SSE challenge (KV pod_sub_challenges) may be answered. */
  SUBSCRIPTION_CHALLENGE_TTL_MS: envMillis(1_000, 3_600_000).default(60_000),
  /** WebSocket ping period; a socket that missed the previous pong is terminated. */
  SUBSCRIPTION_PING_INTERVAL_MS: envMillis(100, 600_000).default(30_000),
  /** After a SLOW_CONSUMER or drain close, how long before the socket is destroyed outright. */
  SUBSCRIPTION_CLOSE_GRACE_MS: envMillis(0, 60_000).default(5_000),
  /** How long a compressed message waits for its leaf in the tree follower before going out without proof. */
  SUBSCRIPTION_PROOF_WAIT_MS: envMillis(0, 60_000).default(3_000),
  /** Message request keys remembered for GET /v1/proof (key -> stream sequence), newest kept. */
  SUBSCRIPTION_MESSAGE_INDEX_SIZE: envInt(1, 10_000_000).default(200_000),
  /** Follow the state tree and attach inclusion proofs to compressed messages. */
  SUBSCRIPTION_PROOFS: envBool().default(true),
  /** The chain's JSON-RPC, read by the tree follower. */
  SOLANA_RPC_URL: envUrl(["http", "https"]).default("http://127.0.0.1:8899"),
  /** The Light V1 state tree compressed messages are appended to (the bundler's tree). */
  SUBSCRIPTION_STATE_TREE: envText().default(STATE_TREE_V1.toBase58()),
});

export type SubscriptionConfig = z.infer<typeof subscriptionConfigSchema>;
