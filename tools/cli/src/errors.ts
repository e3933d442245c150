import { CodedError } from "@pod/errors";

/**
 * Exit codes of `pod`. Scripts branch on these, so they never change meaning; the README
 * lists them.
 */
export const EXIT = {
  ok: 0,
  /** Anything not classified below (a bug, an unexpected server answer). */
  failure: 1,
  /** Bad arguments or options: nothing was sent. */
  usage: 2,
  /** The agent, channel, message or dead letter does not exist. */
  notFound: 3,
  /** ingest rejected the request (the code says why: RATE_LIMITED, BAD_SIGNATURE, ...). */
  rejected: 4,
  /** The chain refused the request (RECORD_FAILED). */
  chainFailed: 5,
  /** No verdict, confirmation or answer in time. */
  timeout: 6,
  /** NATS, the chain RPC or a service's HTTP endpoint cannot be reached. */
  unreachable: 7,
  /** `verify`: the signature, the content or the inclusion proof does not check out. */
  verifyFailed: 8,
  /** `status`: some component is not healthy or not ready. */
  unhealthy: 9,
  /** The keypair file is missing, unreadable, or (keygen) already exists. */
  keypair: 10,
  /** Interrupted by Ctrl-C / SIGTERM. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI raises itself: a stable code, the exit code, one line of message. */
export class CliError extends CodedError {
  readonly exitCode: ExitCode;

  constructor(code: string, message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(code, message, options);
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string) => new CliError("BAD_ARGS", message, EXIT.usage);
export const notFound = (message: string) => new CliError("NOT_FOUND", message, EXIT.notFound);
export const unreachable = (what: string, cause: unknown) =>
  new CliError("UNREACHABLE", `${what} is not reachable: ${messageOf(cause)}`, EXIT.unreachable, {
    cause,
  });

const TIMEOUT_CODES = new Set(["VERDICT_TIMEOUT", "CONFIRM_TIMEOUT", "TIMEOUT"]);
const UNREACHABLE_CODES = new Set([
  "BUS_NOT_CONNECTED",
  "UNREACHABLE",
  "ECONNREFUSED",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "CONNECTION_REFUSED",
  "RPC_UNREACHABLE",
  "SUMMARY_UNREACHABLE",
  "CONNECTION_FAILED",
]);
const NOT_FOUND_CODES = new Set(["NOT_FOUND", "UNKNOWN_AGENT", "CHANNEL_NOT_FOUND"]);

/** What the user sees and the process returns for any error. */
export interface Classified {
  code: string;
  message: string;
  exitCode: ExitCode;
}

/** Maps any error (the CLI's, the SDK's rejections, NATS and fetch failures) to an exit. */
export function classify(error: unknown): Classified {
  if (error instanceof CliError) {
    return { code: error.code, message: error.message, exitCode: error.exitCode };
  }
  const code = codeOf(error) ?? "INTERNAL";
  const message = messageOf(error);
  const name = (error as { name?: string } | undefined)?.name;
  // The SDK has one RejectedError subclass per rejection code (UnknownAgentRejectedError, ...).
  if (name?.endsWith("RejectedError")) {
    const field = (error as { field?: string }).field;
    const reason = (error as { reason?: string }).reason ?? message;
    return { code, message: field ? `${reason} (${field})` : reason, exitCode: EXIT.rejected };
  }
  if (code === "RECORD_FAILED") return { code, message, exitCode: EXIT.chainFailed };
  if (code === "KEYPAIR_FILE") return { code, message, exitCode: EXIT.keypair };
  if (TIMEOUT_CODES.has(code) || name === "TimeoutError") {
    return { code: "TIMEOUT", message, exitCode: EXIT.timeout };
  }
  if (UNREACHABLE_CODES.has(code) || isConnectionFailure(error)) {
    return { code: "UNREACHABLE", message, exitCode: EXIT.unreachable };
  }
  if (NOT_FOUND_CODES.has(code)) return { code, message, exitCode: EXIT.notFound };
  if (code === "CURSOR_INVALID") return { code, message, exitCode: EXIT.usage };
  // JetStream's answer when the server is not a PoD one (or the pipeline never ran on it).
  if (/stream not found/i.test(message)) {
    return {
      code: "STREAM_NOT_FOUND",
      message: `${message}: this NATS server has no PoD streams (has the pipeline run against it?)`,
      exitCode: EXIT.notFound,
    };
  }
  return { code, message, exitCode: EXIT.failure };
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && /^[A-Z][A-Z0-9_]+$/.test(code) ? code : undefined;
}

/** fetch() wraps connection failures as "fetch failed" with the socket error as cause. */
function isConnectionFailure(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  return typeof cause?.code === "string" && UNREACHABLE_CODES.has(cause.code);
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause as { message?: string; code?: string } | undefined;
    // "fetch failed" alone says nothing: the socket error underneath does.
    if (error.message === "fetch failed" && cause?.message) return cause.message;
    return error.message.split("\n")[0]!;
  }
  return String(error);
}

/**
 * The command already printed its result (a status report, a verify verdict); only the exit
 * code and a one-line note on stderr remain to be given.
 */
export class ReportedError extends CliError {}
