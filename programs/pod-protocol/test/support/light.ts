import { loadLight, parseAppendedLeaves, STATE_TREE_V1 } from "@pod/light";
import type { ExecutionResult } from "@pod/svm";
import { DEFAULT_LIMITS, Pod } from "./pod.js";

/** An initialized program beside Light's programs and state tree; batches up to `maxBatch`. */
export function lightPod(maxBatch = 30): Pod {
  const pod = Pod.create({ limits: { ...DEFAULT_LIMITS, max_batch: maxBatch } });
  loadLight(pod.chain.svm.svm);
  return pod;
}

/** The state tree account's bytes as they are now. */
export const treeData = (pod: Pod) => pod.chain.svm.getAccount(STATE_TREE_V1.toBase58())!.data;

/** The leaves the transaction appended to Light's tree, in order. */
export const leavesOf = (r: ExecutionResult) =>
  parseAppendedLeaves({
    accountKeys: r.accountKeys,
    innerInstructions: r.innerInstructions,
    err: r.err,
  });
