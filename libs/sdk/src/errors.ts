import { CodedError, type CodedErrorOptions } from "@pod/errors";
import type { RecordFailedEvent, RejectionCode, RequestRejectedEvent } from "@pod/protocol";

/** Base of every error the SDK throws: a stable `code`, optional `details`, chained `cause`. */
export class SdkError extends CodedError {}

/**
 * ingest refused the request. `code` is the rejection code (BAD_SIGNATURE, RATE_LIMITED, ...),
 * `field` the offending field when ingest named one; `event` is the whole rejection.
 */
export class RejectedError extends SdkError {
  declare readonly code: RejectionCode;
  readonly reason: string;
  readonly field: string | undefined;
  readonly event: RequestRejectedEvent;
  /** True when the SDK refused the request before sending it (the same check ingest makes). */
  readonly local: boolean;

  constructor(event: RequestRejectedEvent, options: { cause?: unknown; local?: boolean } = {}) {
    super(event.code, `request rejected: ${event.reason}`, {
      details: { ...event },
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.local = options.local ?? false;
    this.reason = event.reason;
    this.field = event.field;
    this.event = event;
  }
}

/** The chain refused the request for good (pod.events.record.failed). */
export class RecordFailedError extends SdkError {
  readonly requestKey: string;
  readonly reason: string;
  /** The service's failure code (e.g. SIMULATION_FAILED), also in `details.failureCode`. */
  readonly failureCode: string;
  readonly event: RecordFailedEvent;

  constructor(event: RecordFailedEvent) {
    super(
      "RECORD_FAILED",
      `request ${event.requestKey} failed on chain: ${event.code}: ${event.reason}`,
      {
        details: { ...event, failureCode: event.code },
      },
    );
    this.requestKey = event.requestKey;
    this.reason = event.reason;
    this.failureCode = event.code;
    this.event = event;
  }
}

/** No verdict reached the inbox in time: the request may still be stored (ingest down?). */
export class VerdictTimeoutError extends SdkError {
  readonly requestKey: string | undefined;

  constructor(requestKey: string | undefined, timeoutMs: number, options?: CodedErrorOptions) {
    super("VERDICT_TIMEOUT", `no verdict from ingest within ${timeoutMs} ms`, {
      ...options,
      details: { requestKey, timeoutMs, ...options?.details },
    });
    this.requestKey = requestKey;
  }
}

/** No record.confirmed or record.failed event for the request in time. */
export class ConfirmTimeoutError extends SdkError {
  readonly requestKey: string;

  constructor(requestKey: string, timeoutMs: number) {
    super("CONFIRM_TIMEOUT", `no record event for ${requestKey} within ${timeoutMs} ms`, {
      details: { requestKey, timeoutMs },
    });
    this.requestKey = requestKey;
  }
}

/** The client was closed while something waited on it, or used after close(). */
export class ClientClosedError extends SdkError {
  constructor() {
    super("CLIENT_CLOSED", "the PoD client is closed");
  }
}

/** A keypair file cannot be read or written. */
export class KeypairFileError extends SdkError {
  readonly path: string;

  constructor(path: string, reason: string, options?: CodedErrorOptions) {
    super("KEYPAIR_FILE", `${path}: ${reason}`, { ...options, details: { path } });
    this.path = path;
  }
}
