import { CodedError } from "@pod/errors";

/** One broken configuration rule: which variable, and what it must be. */
export interface ConfigProblem {
  variable: string;
  rule: string;
}

/**
 * The environment does not satisfy the service's configuration schema. Lists every problem at
 * once so an operator fixes them in one pass; values are never included (they may be secrets).
 */
export class ConfigError extends CodedError {
  constructor(
    readonly problems: readonly ConfigProblem[],
    options?: { cause?: unknown },
  ) {
    super(
      "CONFIG_INVALID",
      `invalid configuration: ${problems.map((p) => `${p.variable} ${p.rule}`).join("; ")}`,
      options,
    );
  }
}

/** A step of service start-up failed; `step` names it (bus, telemetry, http, start). */
export class StartupError extends CodedError {
  constructor(
    readonly service: string,
    readonly step: string,
    options?: { cause?: unknown },
  ) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : "";
    super("STARTUP_FAILED", `${service} failed to start at step "${step}"${reason}`, options);
  }
}

/** The service asked for a durable consumer that the topology does not give it. */
export class NoDurableError extends CodedError {
  constructor(readonly service: string) {
    super("NO_DURABLE_CONSUMER", `${service} has no durable consumer to consume or hold`);
  }
}

/** A lifecycle transition that the state machine does not allow. */
export class LifecycleTransitionError extends CodedError {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super("LIFECYCLE_TRANSITION_INVALID", `lifecycle cannot go from ${from} to ${to}`);
  }
}

/** Exit status for a configuration error (EX_CONFIG from sysexits.h). */
export const EXIT_CONFIG = 78;
/** Exit status for any other failure to start or to stop cleanly. */
export const EXIT_FAILURE = 1;
