import { CodedError, type CodedErrorOptions } from "@pod/errors";

/**
 * Errors of ipfs-storage. `permanent` tells the bus whether retrying can help (true: the
 * message is dead-lettered at once); the codes of refusals a reader can receive are the ones of
 * IpfsGetReply (NOT_FOUND, CID_INVALID, CONTENT_CORRUPT, TOO_LARGE).
 */
export class IpfsStorageError extends CodedError {
  readonly permanent: boolean;

  constructor(code: string, message: string, permanent: boolean, options?: CodedErrorOptions) {
    super(code, message, options);
    this.permanent = permanent;
  }
}

/** Content over IPFS_MAX_CONTENT_BYTES: refused when stored and when read. */
export class ContentTooLargeError extends IpfsStorageError {
  constructor(
    readonly actual: number,
    readonly limit: number,
    what = "content",
  ) {
    super(
      "TOO_LARGE",
      `${what} is ${actual} bytes, limit ${limit} (IPFS_MAX_CONTENT_BYTES)`,
      true,
      {
        details: { actual, limit },
      },
    );
  }
}

/** Not a CID, or a CID this node does not store (codec other than raw/dag-pb, hash other than sha2-256). */
export class CidInvalidError extends IpfsStorageError {
  constructor(reason: string, options?: CodedErrorOptions) {
    super("CID_INVALID", reason, true, options);
  }
}

/** The node has no block for this CID (it never reaches out to a network). */
export class BlockNotFoundError extends IpfsStorageError {
  constructor(readonly cid: string) {
    super("NOT_FOUND", `no block for ${cid} in this node`, true, { details: { cid } });
  }
}

/** A block's bytes on disk do not hash to its CID: it is refused, never served. */
export class BlockCorruptError extends IpfsStorageError {
  constructor(readonly cid: string) {
    super("CONTENT_CORRUPT", `block ${cid} on disk does not match its hash`, true, {
      details: { cid },
    });
  }
}

/** A blockstore operation did not finish within its bound (IPFS_READ/WRITE_TIMEOUT_MS). */
export class StoreTimeoutError extends IpfsStorageError {
  constructor(operation: string, timeoutMs: number) {
    super("IPFS_TIMEOUT", `${operation} did not finish in ${timeoutMs} ms`, false, {
      details: { operation, timeoutMs },
    });
  }
}

/** The node is not started (starting, or already stopped during a drain). */
export class NodeStoppedError extends IpfsStorageError {
  constructor() {
    super("IPFS_NODE_STOPPED", "the ipfs node is not running", false);
  }
}

/** A blockstore or datastore write or read failed for a reason other than the ones above. */
export class StoreFailedError extends IpfsStorageError {
  constructor(operation: string, options?: CodedErrorOptions) {
    const cause = options?.cause instanceof Error ? `: ${options.cause.message}` : "";
    super("IPFS_STORE_FAILED", `${operation} failed${cause}`, false, options);
  }
}

/** The on-disk stores could not be opened (locked by another instance, not writable). */
export class StoreOpenError extends IpfsStorageError {
  constructor(path: string, options?: CodedErrorOptions) {
    const cause = options?.cause instanceof Error ? `: ${options.cause.message}` : "";
    super("IPFS_STORE_OPEN_FAILED", `cannot open the ipfs stores under ${path}${cause}`, false, {
      ...options,
      details: { path },
    });
  }
}

/** Reader-visible refusal codes, as IpfsGetReply lists them. */
export const REFUSAL_CODES = ["NOT_FOUND", "CID_INVALID", "CONTENT_CORRUPT", "TOO_LARGE"] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** The refusal code of `error` when a reader may be told it, else undefined (an internal failure). */
export function refusalOf(error: unknown): { code: RefusalCode; reason: string } | undefined {
  if (!(error instanceof IpfsStorageError)) return undefined;
  const code = error.code as RefusalCode;
  return REFUSAL_CODES.includes(code) ? { code, reason: error.message } : undefined;
}
