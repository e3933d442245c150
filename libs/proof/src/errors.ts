import { CodedError, type CodedErrorOptions } from "@pod/errors";

/** Codes of the errors this package throws (verification failures are returned, not thrown). */
export const PROOF_ERROR_CODES = {
  configInvalid: "PROOF_CONFIG_INVALID",
  followerStopped: "PROOF_FOLLOWER_STOPPED",
  leafTimeout: "PROOF_LEAF_TIMEOUT",
  treeDiverged: "PROOF_TREE_DIVERGED",
  treeAccountMissing: "PROOF_TREE_ACCOUNT_MISSING",
  rpcFailed: "PROOF_RPC_FAILED",
  backfillIncomplete: "PROOF_BACKFILL_INCOMPLETE",
} as const;

export type ProofErrorCode = (typeof PROOF_ERROR_CODES)[keyof typeof PROOF_ERROR_CODES];

/** Base class of every error @pod/proof throws: a stable `code`, context and `cause`. */
export class ProofError extends CodedError {
  declare readonly code: ProofErrorCode;

  constructor(code: ProofErrorCode, message: string, options?: CodedErrorOptions) {
    super(code, message, options);
  }
}

/** A follower option is out of range or contradicts another. */
export class ProofConfigError extends ProofError {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(PROOF_ERROR_CODES.configInvalid, `invalid ${field}: ${reason}`, { details: { field } });
  }
}

/** The follower was stopped while a caller waited on it. */
export class FollowerStoppedError extends ProofError {
  constructor() {
    super(PROOF_ERROR_CODES.followerStopped, "the tree follower was stopped");
  }
}

/** No leaf carrying the commitment appeared within the wait. */
export class LeafTimeoutError extends ProofError {
  constructor(
    readonly commitment: string,
    readonly timeoutMs: number,
  ) {
    super(
      PROOF_ERROR_CODES.leafTimeout,
      `no leaf with commitment ${commitment} within ${timeoutMs} ms`,
      { details: { commitment, timeoutMs } },
    );
  }
}

/**
 * The local copy no longer matches the chain: a leaf index seen twice with two hashes, or a
 * local root the tree account never held. Proofs from it would not verify; the follower stops
 * serving them.
 */
export class TreeDivergedError extends ProofError {
  constructor(reason: string, details?: Record<string, unknown>) {
    super(PROOF_ERROR_CODES.treeDiverged, `local tree diverged from the chain: ${reason}`, {
      details,
    });
  }
}

/** The state tree account a proof names does not exist or is not a V1 state tree. */
export class TreeAccountMissingError extends ProofError {
  constructor(
    readonly tree: string,
    reason: string,
  ) {
    super(PROOF_ERROR_CODES.treeAccountMissing, `state tree ${tree}: ${reason}`, {
      details: { tree },
    });
  }
}

/** A JSON-RPC call the follower needs failed (it retries on its next round). */
export class ProofRpcError extends ProofError {
  constructor(what: string, options?: CodedErrorOptions) {
    super(PROOF_ERROR_CODES.rpcFailed, `${what} failed`, { ...options, details: { what } });
  }
}

/**
 * The back-fill could not reach a tree without gaps in time: the RPC does not list or serve
 * every transaction from the tree's first leaf on (a node with pruned history, or a tree that
 * held leaves before this RPC's history starts), so the copy cannot be built from JSON-RPC.
 */
export class BackfillIncompleteError extends ProofError {
  constructor(
    readonly leaves: number,
    readonly pending: number,
    readonly unavailable: number,
  ) {
    super(
      PROOF_ERROR_CODES.backfillIncomplete,
      `back-fill stopped at leaf ${leaves}: ${pending} later leaves wait for a missing one, ` +
        `${unavailable} listed transactions were not served`,
      { details: { leaves, pending, unavailable } },
    );
  }
}
