import { MAX_CONTENT_BYTES } from "@pod/protocol";
import { envBool, envInt, envMillis } from "@pod/runtime";
import { z } from "zod";

/** ipfs-storage's own variables; the common ones (NATS_URL, DATA_DIR, ...) come from the runtime. */
export const ipfsConfigSchema = z.object({
  /**
   * Largest content stored or served. Capped at the protocol's MAX_CONTENT_BYTES: a reply on
   * pod.ipfs.get cannot carry more, and no valid store payload holds more.
   */
  IPFS_MAX_CONTENT_BYTES: envInt(1, MAX_CONTENT_BYTES).default(MAX_CONTENT_BYTES),
  /** Bound on every blockstore read (a block on this node's disk; no network is ever asked). */
  IPFS_READ_TIMEOUT_MS: envMillis(10, 600_000).default(5_000),
  /** Bound on adding and pinning one content. */
  IPFS_WRITE_TIMEOUT_MS: envMillis(10, 600_000).default(10_000),
  /** fsync every new block file and its directory before the record is handed on. */
  IPFS_FSYNC: envBool().default(true),
  /** Bound on stopping the node and closing its stores during a drain. */
  IPFS_STOP_TIMEOUT_MS: envMillis(10, 600_000).default(5_000),
  /**
   * How long a read of a block this instance lacks waits for another instance to send it
   * (pod.ipfs.peer.get); 0 turns asking peers off.
   */
  IPFS_PEER_TIMEOUT_MS: envMillis(0, 60_000).default(250),
  /** pod.ipfs.get requests answered at once by this instance. */
  IPFS_GET_CONCURRENCY: envInt(1, 10_000).default(32),
});

export type IpfsConfig = z.infer<typeof ipfsConfigSchema>;
