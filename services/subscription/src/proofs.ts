import { LeafTimeoutError, TreeFollower } from "@pod/proof";
import type { InclusionProof } from "@pod/protocol";
import type { Logger } from "@pod/runtime";
import { Connection, PublicKey } from "@solana/web3.js";

/** Inclusion proofs of compressed messages, by the message's commitment. */
export interface ProofSource {
  /** False when proofs are off or the follower has not finished its back-fill yet. */
  readonly available: boolean;
  /** The proof of `commitment`, waiting up to `waitMs` for the follower to see its leaf. */
  proofFor(commitment: string, waitMs: number): Promise<InclusionProof | undefined>;
  stop(): Promise<void>;
}

/** Between two attempts at the follower's back-fill when the chain could not be read. */
const START_RETRY_MS = 5_000;

/**
 * Follows the state tree with @pod/proof's TreeFollower. Its back-fill runs in the background
 * and is retried while the chain is unreachable: until it is done, messages go out without
 * proof rather than not at all.
 */
export function openProofSource(opts: {
  rpcUrl: string;
  tree: string;
  enabled: boolean;
  log: Logger;
}): ProofSource {
  if (!opts.enabled) return unavailable;
  const follower = new TreeFollower({
    source: new Connection(opts.rpcUrl, "confirmed"),
    tree: new PublicKey(opts.tree),
  });
  follower.on("error", (error) =>
    opts.log.warn({ event: "tree_follower_error", err: error }, "tree follower round failed"),
  );
  let ready = false;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const start = () => {
    follower.start().then(
      () => {
        ready = true;
        opts.log.info(
          { event: "tree_follower_started", tree: opts.tree, ...follower.status() },
          "following the state tree",
        );
      },
      (error: unknown) => {
        if (stopped) return;
        opts.log.warn(
          { event: "tree_follower_start_failed", err: error, retry_ms: START_RETRY_MS },
          "tree follower could not back-fill; messages go out without proof meanwhile",
        );
        retry = setTimeout(start, START_RETRY_MS);
        retry.unref();
      },
    );
  };
  start();

  return {
    get available() {
      return ready;
    },
    async proofFor(commitment, waitMs) {
      if (!ready) return undefined;
      const known = follower.proofFor(commitment);
      if (known || waitMs <= 0) return known;
      try {
        return await follower.waitForLeaf(commitment, waitMs);
      } catch (error) {
        if (!(error instanceof LeafTimeoutError)) {
          opts.log.warn({ event: "proof_wait_failed", commitment, err: error }, "no proof");
        }
        return undefined;
      }
    },
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await follower.stop();
    },
  };
}

const unavailable: ProofSource = {
  available: false,
  proofFor: () => Promise.resolve(undefined),
  stop: () => Promise.resolve(),
};
