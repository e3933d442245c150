/** What a coded error may carry besides its message: context `details` and a chained `cause`. */
export interface CodedErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * An Error with a stable `code`, `name` set to the concrete class, and `cause` chained. Each
 * package keeps its own base class on top of this one, so `instanceof` still tells packages
 * apart while the shape stays the same everywhere.
 */
export class CodedError extends Error {
  readonly code: string;
  // Declared, not initialised: an error made without details has no `details` key at all.
  declare readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, options?: CodedErrorOptions) {
    // Error reads only `cause` from its options, and only when the key is present.
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    if (options?.details !== undefined) {
      (this as { details?: Record<string, unknown> }).details = options.details;
    }
  }
}
