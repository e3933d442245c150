import { CodedError } from "@pod/errors";

/** Base class of every error this package throws: a stable `code` plus context fields. */
export abstract class LightError extends CodedError {}

/** A file Light ships in its CLI package is missing or unreadable. */
export class LightArtifactMissingError extends LightError {
  constructor(
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super("LIGHT_ARTIFACT_MISSING", `Light artifact not found or unreadable: ${path}`, options);
  }
}

/** A genesis account file does not have the validator's JSON account shape. */
export class LightGenesisFormatError extends LightError {
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super("LIGHT_GENESIS_FORMAT", `Light genesis file ${path} is malformed: ${reason}`, options);
  }
}

/** Bytes that should hold a Light instruction or account could not be decoded. */
export class LightDecodeError extends LightError {
  constructor(
    readonly what: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super("LIGHT_DECODE", `cannot decode ${what}: ${reason}`, options);
  }
}

/** An input to an encoder or hasher is outside what Light accepts. */
export class LightInputError extends LightError {
  constructor(
    readonly field: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super("LIGHT_INPUT", `invalid ${field}: ${reason}`, options);
  }
}

/** A Merkle operation was asked for a leaf the tree does not hold. */
export class LeafOutOfRangeError extends LightError {
  constructor(
    readonly leafIndex: number,
    readonly leafCount: number,
  ) {
    super("LIGHT_LEAF_OUT_OF_RANGE", `leaf ${leafIndex} is outside the tree's ${leafCount} leaves`);
  }
}

/** Leaves were added out of order: the tree appends strictly at its next index. */
export class LeafOrderError extends LightError {
  constructor(
    readonly expected: number,
    readonly got: number,
  ) {
    super("LIGHT_LEAF_ORDER", `leaf index ${got} appended where ${expected} was next`);
  }
}
