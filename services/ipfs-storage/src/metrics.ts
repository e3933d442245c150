import type { Meter } from "@pod/runtime";
import type { StoredContent } from "./content-store.js";

/** How a read ended, as counted by pod_ipfs_gets_total{outcome}. */
export type GetOutcome = "hit" | "miss" | "invalid" | "corrupt" | "too_large" | "error";

export interface IpfsMetrics {
  stored(result: StoredContent): void;
  get(via: "nats" | "http", outcome: GetOutcome): void;
  /** A block this instance lacked was asked of its peers; `found` when one sent it. */
  peerFetch(found: boolean): void;
}

/** The service's own instruments, on the runtime's meter (served on /metrics). */
export function ipfsMetrics(meter: Meter): IpfsMetrics {
  const contents = meter.createCounter("pod_ipfs_contents_stored", {
    description: "Contents stored and pinned, by whether the block was new",
  });
  const blocks = meter.createCounter("pod_ipfs_blocks_added", {
    description: "Blocks written to the blockstore (content that was not there before)",
  });
  const bytes = meter.createCounter("pod_ipfs_bytes_added", {
    description: "Content bytes written to the blockstore",
    unit: "By",
  });
  const repaired = meter.createCounter("pod_ipfs_blocks_repaired", {
    description: "Blocks found damaged on disk when stored again, and rewritten",
  });
  const gets = meter.createCounter("pod_ipfs_gets", {
    description:
      "Reads by CID, by path (nats, http) and outcome (hit, miss, invalid, corrupt, ...)",
  });
  const peerFetches = meter.createCounter("pod_ipfs_peer_fetches", {
    description: "Blocks asked of other instances on a local miss, by whether one sent it",
  });
  return {
    peerFetch(found) {
      peerFetches.add(1, { found });
    },
    stored(result) {
      contents.add(1, { new_block: result.added });
      if (result.added) {
        blocks.add(1);
        bytes.add(result.bytes);
      }
      if (result.repaired) repaired.add(1);
    },
    get(via, outcome) {
      gets.add(1, { via, outcome });
    },
  };
}

/** The outcome label of a refusal code (or of an unexpected failure). */
export function outcomeOf(code: string | undefined): GetOutcome {
  switch (code) {
    case "NOT_FOUND":
      return "miss";
    case "CID_INVALID":
      return "invalid";
    case "CONTENT_CORRUPT":
      return "corrupt";
    case "TOO_LARGE":
      return "too_large";
    default:
      return "error";
  }
}
