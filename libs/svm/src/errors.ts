import { CodedError } from "@pod/errors";

/** Base class of every error this package throws; `code` is stable across versions. */
export class SvmError extends CodedError {}

/** The wire transaction is larger than a validator accepts in one packet. */
export class PacketTooLargeError extends SvmError {
  readonly size: number;
  readonly limit: number;

  constructor(size: number, limit: number) {
    super("PACKET_TOO_LARGE", `transaction is ${size} bytes, the packet limit is ${limit}`);
    this.size = size;
    this.limit = limit;
  }
}

/** The bytes are not a well-formed legacy or v0 transaction. */
export class MalformedTransactionError extends SvmError {
  readonly offset: number;

  constructor(reason: string, offset: number) {
    super("MALFORMED_TRANSACTION", `malformed transaction at byte ${offset}: ${reason}`);
    this.offset = offset;
  }
}

/** The transaction uses a message version this runtime does not execute. */
export class UnsupportedVersionError extends SvmError {
  readonly version: number;

  constructor(version: number) {
    super("UNSUPPORTED_VERSION", `transaction message version ${version} is not supported`);
    this.version = version;
  }
}

/** A program file could not be read or loaded into the runtime. */
export class ProgramLoadError extends SvmError {
  readonly programId: string;
  readonly path: string | undefined;

  constructor(programId: string, path: string | undefined, cause: unknown) {
    const where = path === undefined ? "" : ` from ${path}`;
    super("PROGRAM_LOAD_FAILED", `cannot load program ${programId}${where}`, { cause });
    this.programId = programId;
    this.path = path;
  }
}

/** A deployment through the upgradeable loader failed at one of its transactions. */
export class DeployError extends SvmError {
  readonly programId: string;
  readonly step: string;
  readonly txError: unknown;
  readonly logs: string[];

  constructor(programId: string, step: string, txError: unknown, logs: string[]) {
    super("DEPLOY_FAILED", `deploying ${programId} failed at ${step}: ${JSON.stringify(txError)}`);
    this.programId = programId;
    this.step = step;
    this.txError = txError;
    this.logs = logs;
  }
}

/** An address string is not 32 bytes of base58. */
export class InvalidAddressError extends SvmError {
  readonly address: string;

  constructor(address: string, cause?: unknown) {
    super("INVALID_ADDRESS", `not a base58 32-byte address: ${address}`, { cause });
    this.address = address;
  }
}
