/** Base class of every error this package throws: a stable `code` plus context fields. */
export abstract class LightError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A file Light ships in its CLI package is missing or unreadable. */
export class LightArtifactMissingError extends LightError {
  readonly code = "LIGHT_ARTIFACT_MISSING";

  constructor(
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(`Light artifact not found or unreadable: ${path}`, options);
  }
}

/** A genesis account file does not have the validator's JSON account shape. */
export class LightGenesisFormatError extends LightError {
  readonly code = "LIGHT_GENESIS_FORMAT";

  constructor(
    readonly path: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Light genesis file ${path} is malformed: ${reason}`, options);
  }
}

/** Bytes that should hold a Light instruction or account could not be decoded. */
export class LightDecodeError extends LightError {
  readonly code = "LIGHT_DECODE";

  constructor(
    readonly what: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot decode ${what}: ${reason}`, options);
  }
}

/** An input to an encoder or hasher is outside what Light accepts. */
export class LightInputError extends LightError {
  readonly code = "LIGHT_INPUT";

  constructor(
    readonly field: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid ${field}: ${reason}`, options);
  }
}

/** A Merkle operation was asked for a leaf the tree does not hold. */
export class LeafOutOfRangeError extends LightError {
  readonly code = "LIGHT_LEAF_OUT_OF_RANGE";

  constructor(
    readonly leafIndex: number,
    readonly leafCount: number,
  ) {
    super(`leaf ${leafIndex} is outside the tree's ${leafCount} leaves`);
  }
}

/** Leaves were added out of order: the tree appends strictly at its next index. */
export class LeafOrderError extends LightError {
  readonly code = "LIGHT_LEAF_ORDER";

  constructor(
    readonly expected: number,
    readonly got: number,
  ) {
    super(`leaf index ${got} appended where ${expected} was next`);
  }
}
