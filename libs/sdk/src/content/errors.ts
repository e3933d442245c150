import { SdkError } from "../errors.js";

/** Why content could not be fetched, as ipfs-storage or the transport said. */
export type ContentFetchCode =
  | "CONTENT_NOT_FOUND"
  | "CID_INVALID"
  | "CONTENT_CORRUPT"
  | "CONTENT_TOO_LARGE"
  | "CONTENT_UNAVAILABLE";

/** pod.ipfs.get refused, failed, had no responder or did not answer in time. */
export class ContentFetchError extends SdkError {
  declare readonly code: ContentFetchCode;
  readonly cid: string;

  constructor(code: ContentFetchCode, cid: string, reason: string, options?: { cause?: unknown }) {
    super(code, `${cid}: ${reason}`, { details: { cid }, ...options });
    this.cid = cid;
  }
}

/** Bytes that do not match the CID or the record's content hash: never returned. */
export class ContentMismatchError extends SdkError {
  readonly cid: string | undefined;

  constructor(what: string, cid: string | undefined) {
    super("CONTENT_MISMATCH", `content does not match ${what}`, { details: { cid, what } });
    this.cid = cid;
  }
}
