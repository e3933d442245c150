import { PermanentError, TransientError } from "@pod/bus";

/** Stable codes of the bundler's own failures (program errors keep their IDL names). */
export const BUNDLER_ERROR_CODES = {
  readyInvalid: "READY_INVALID",
  claimConflict: "CLAIM_CONFLICT",
  claimPending: "CLAIM_PENDING",
  chainUnavailable: "CHAIN_UNAVAILABLE",
  simulationFailed: "SIMULATION_FAILED",
  sendExhausted: "SEND_EXHAUSTED",
  authorityNotRelayer: "AUTHORITY_NOT_RELAYER",
  protocolMissing: "PROTOCOL_NOT_INITIALIZED",
  shuttingDown: "SHUTTING_DOWN",
  bootstrapFailed: "BOOTSTRAP_FAILED",
} as const;

/** The ready payload does not parse: bad input, dead-lettered at once. */
export class ReadyInvalidError extends PermanentError {
  constructor(subject: string, options?: ErrorOptions) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : "";
    super(`ready payload on ${subject} is invalid${reason}`, {
      ...options,
      code: BUNDLER_ERROR_CODES.readyInvalid,
    });
  }
}

/** Worth retrying later: the chain, the journal or another instance is in the way. */
export class BundlerRetryError extends TransientError {
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, { ...options, code });
  }
}
