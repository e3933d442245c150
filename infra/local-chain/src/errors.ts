import { CodedError } from "@pod/errors";

/** Base class of the local chain's errors; `code` is stable. */
export class LocalChainError extends CodedError {}

/** The ledger directory cannot be opened, read or written. */
export class LedgerIoError extends LocalChainError {
  readonly path: string;

  constructor(path: string, action: string, cause: unknown) {
    super("LEDGER_IO", `ledger ${action} failed at ${path}`, { cause });
    this.path = path;
  }
}

/** A ledger record decoded to something that is not a known record. */
export class LedgerFormatError extends LocalChainError {
  readonly offset: number;

  constructor(offset: number, reason: string) {
    super("LEDGER_FORMAT", `ledger record at byte ${offset} is invalid: ${reason}`);
    this.offset = offset;
  }
}
