import { CodedError, type CodedErrorOptions } from "@pod/errors";

/** Errors of the MCP server itself (not of the requests it signs). */
export class McpServerError extends CodedError {}

/** The key file is absent and creating one was not asked for. */
export class KeyFileMissingError extends McpServerError {
  constructor(path: string) {
    super("KEY_FILE_MISSING", `no key file at ${path}; pass --create-key to create one there`, {
      details: { path },
    });
  }
}

/** A bind address that is not loopback needs the hostnames clients will use. */
export class UnsafeBindError extends McpServerError {
  constructor(host: string) {
    super(
      "UNSAFE_BIND",
      `--host ${host} listens beyond this machine: name the hostnames clients use with ` +
        "--allowed-host (Host header checks stop DNS rebinding)",
      { details: { host } },
    );
  }
}

/** A message the server cannot find to verify. */
export class MessageNotFoundError extends McpServerError {
  constructor(messageId: string, reason: string, options?: CodedErrorOptions) {
    super("MESSAGE_NOT_FOUND", `message ${messageId}: ${reason}`, {
      ...options,
      details: { messageId, ...options?.details },
    });
  }
}
