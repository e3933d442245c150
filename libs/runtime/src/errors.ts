/** One broken configuration rule: which variable, and what it must be. */
export interface ConfigProblem {
  variable: string;
  rule: string;
}

/**
 * The environment does not satisfy the service's configuration schema. Lists every problem at
 * once so an operator fixes them in one pass; values are never included (they may be secrets).
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly code = "CONFIG_INVALID";

  constructor(
    readonly problems: readonly ConfigProblem[],
    options?: { cause?: unknown },
  ) {
    super(
      `invalid configuration: ${problems.map((p) => `${p.variable} ${p.rule}`).join("; ")}`,
      options,
    );
  }
}

/** A step of service start-up failed; `step` names it (bus, telemetry, http, start). */
export class StartupError extends Error {
  override readonly name = "StartupError";
  readonly code = "STARTUP_FAILED";

  constructor(
    readonly service: string,
    readonly step: string,
    options?: { cause?: unknown },
  ) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : "";
    super(`${service} failed to start at step "${step}"${reason}`, options);
  }
}

/** A lifecycle transition that the state machine does not allow. */
export class LifecycleTransitionError extends Error {
  override readonly name = "LifecycleTransitionError";
  readonly code = "LIFECYCLE_TRANSITION_INVALID";

  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`lifecycle cannot go from ${from} to ${to}`);
  }
}

/** Exit status for a configuration error (EX_CONFIG from sysexits.h). */
export const EXIT_CONFIG = 78;
/** Exit status for any other failure to start or to stop cleanly. */
export const EXIT_FAILURE = 1;
