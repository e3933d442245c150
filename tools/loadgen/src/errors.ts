import { CodedError, type CodedErrorOptions } from "@pod/errors";

/** Base of every error the load generator raises. */
export class LoadgenError extends CodedError {}

/** A command-line option or option combination that cannot be run. */
export class LoadgenConfigError extends LoadgenError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super("LOADGEN_CONFIG_INVALID", `--${field}: ${message}`, { details: { field } });
  }
}

/** /proc could not be read for a process that should exist. */
export class ProcReadError extends LoadgenError {
  constructor(pid: number, what: string, options: CodedErrorOptions = {}) {
    super("PROC_UNREADABLE", `cannot read ${what} of pid ${pid}`, {
      ...options,
      details: { pid, what },
    });
  }
}

/** The chain is not in a state the baseline client can write to, and cannot be made so. */
export class BaselineSetupError extends LoadgenError {
  constructor(message: string, options: CodedErrorOptions = {}) {
    super("BASELINE_SETUP_FAILED", message, options);
  }
}

/** A phase cannot go on: what it depends on did not happen (no agent registered, ...). */
export class PhaseError extends LoadgenError {
  constructor(phase: string, message: string, options: CodedErrorOptions = {}) {
    super("PHASE_FAILED", `${phase}: ${message}`, { ...options, details: { phase } });
  }
}

/** The stack could not be started or reached. */
export class StackError extends LoadgenError {
  constructor(message: string, options: CodedErrorOptions = {}) {
    super("STACK_UNAVAILABLE", message, options);
  }
}
