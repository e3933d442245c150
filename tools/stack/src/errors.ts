import { CodedError } from "@pod/errors";

/** Base of every error the stack launcher throws. */
export class StackError extends CodedError {}

/** A process of the stack did not come up (exited early, or never became ready in time). */
export class StackStartError extends StackError {
  readonly process: string;
  /** The last lines the process wrote, for the failure message. */
  readonly output: string;

  constructor(processName: string, reason: string, output = "", options?: ErrorOptions) {
    super(
      "STACK_START_FAILED",
      `${processName} did not start: ${reason}${output ? `\n${output}` : ""}`,
      options,
    );
    this.process = processName;
    this.output = output;
  }
}

/** No NATS server answers and no nats-server binary is installed. */
export class NatsUnavailableError extends StackError {
  readonly url: string;

  constructor(url: string, options?: ErrorOptions) {
    super(
      "STACK_NATS_UNAVAILABLE",
      `No NATS server answers at ${url} and no nats-server binary was found.\n` +
        "Install one (on Debian: apt-get install nats-server), or point NATS_URL at a " +
        "NATS server with JetStream enabled.",
      options,
    );
    this.url = url;
  }
}

/** The options name something the stack does not know (a service, a count). */
export class StackOptionError extends StackError {
  constructor(message: string) {
    super("STACK_INVALID_OPTION", message);
  }
}
