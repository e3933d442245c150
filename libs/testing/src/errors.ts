import { CodedError } from "@pod/errors";

/** Base class of every fixture error: a stable `code` plus the context it happened in. */
export class FixtureError extends CodedError {}

/** The fixture cannot do this on its backend (for example `restart()` on an external broker). */
export class FixtureUnsupportedError extends FixtureError {
  readonly operation: string;
  readonly backend: string;

  constructor(operation: string, backend: string) {
    super("FIXTURE_UNSUPPORTED", `${operation}() is not supported on the ${backend} NATS fixture`);
    this.operation = operation;
    this.backend = backend;
  }
}

/** No `nats-server` binary on PATH nor in the usual system directories. */
export class NatsServerNotFoundError extends FixtureError {
  readonly searched: readonly string[];

  constructor(searched: readonly string[]) {
    super(
      "FIXTURE_NATS_SERVER_NOT_FOUND",
      `nats-server not found (searched: ${searched.join(", ")}); install it or set NATS_URL`,
    );
    this.searched = searched;
  }
}

/** The broker did not come up (exited early or never accepted a connection in time). */
export class FixtureStartError extends FixtureError {
  readonly backend: string;
  readonly output: string;

  constructor(backend: string, reason: string, output = "", options?: ErrorOptions) {
    super("FIXTURE_START_FAILED", `NATS ${backend} fixture did not start: ${reason}`, options);
    this.backend = backend;
    this.output = output;
  }
}

/** `waitFor` gave up: the predicate never held within the timeout. */
export class WaitTimeoutError extends FixtureError {
  readonly timeoutMs: number;

  constructor(what: string, timeoutMs: number, options?: ErrorOptions) {
    super("FIXTURE_WAIT_TIMEOUT", `timed out after ${timeoutMs} ms waiting for ${what}`, options);
    this.timeoutMs = timeoutMs;
  }
}
