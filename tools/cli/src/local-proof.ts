import type { InclusionProof } from "@pod/protocol";

/**
 * Builds a message's inclusion proof here, from the chain alone: follows the state tree from
 * leaf 0 over JSON-RPC (what the subscription service does continuously) and asks for the
 * record with this commitment. Costs one getTransaction per tree transaction, so it suits the
 * local chain and modest trees; undefined when the tree holds no such record.
 */
export async function buildProofLocally(
  rpcUrl: string,
  commitment: string,
  timeoutMs: number,
): Promise<InclusionProof | undefined> {
  const [{ TreeFollower }, { Connection }] = await Promise.all([
    import("@pod/proof"),
    import("@solana/web3.js"),
  ]);
  const follower = new TreeFollower({
    source: new Connection(rpcUrl, "confirmed"),
    pollMs: 0,
    logs: false,
    backfillTimeoutMs: timeoutMs,
  });
  // Round failures surface through start(); the event only needs a listener.
  follower.on("error", () => undefined);
  try {
    await follower.start();
    return follower.proofFor(commitment);
  } finally {
    await follower.stop();
  }
}
