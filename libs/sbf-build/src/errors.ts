/** Stable codes for every way a build can be refused. */
export type SbfErrorCode =
  | "SBF_COMPILE_FAILED"
  | "SBF_STACK_FRAME_TOO_LARGE"
  | "SBF_UNSUPPORTED_C"
  | "SBF_BAD_OBJECT"
  | "SBF_WRITABLE_SECTION"
  | "SBF_UNKNOWN_SYSCALL"
  | "SBF_UNDEFINED_SYMBOL"
  | "SBF_DUPLICATE_SYMBOL"
  | "SBF_FUNCTION_POINTER"
  | "SBF_UNSUPPORTED_RELOCATION"
  | "SBF_MISSING_ENTRYPOINT"
  | "SBF_BAD_OPCODE"
  | "SBF_BAD_INSTRUCTION";

/** Base class: every refusal of this package carries a stable `code`. */
export abstract class SbfBuildError extends Error {
  abstract readonly code: SbfErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** clang exited non-zero (or could not be started) for one source file. */
export class SbfCompileError extends SbfBuildError {
  readonly code = "SBF_COMPILE_FAILED";

  constructor(
    readonly source: string,
    readonly stderr: string,
    readonly exitCode: number | null,
    options?: { cause?: unknown },
  ) {
    super(`clang failed on ${source} (exit ${exitCode ?? "none"}):\n${stderr.trim()}`, options);
  }
}

/** Upstream BPF refuses frames over 512 bytes; the message names the function when clang does. */
export class SbfStackFrameError extends SbfBuildError {
  readonly code = "SBF_STACK_FRAME_TOO_LARGE";

  constructor(
    readonly source: string,
    readonly location: string | undefined,
    readonly stderr: string,
  ) {
    super(
      `${location ?? source}: stack frame exceeds the 512-byte BPF limit; move large locals ` +
        `into account data or split the function with __attribute__((noinline))`,
    );
  }
}

/** C the BPF backend cannot lower: over 5 arguments, variadics, struct return by value. */
export class SbfUnsupportedCError extends SbfBuildError {
  readonly code = "SBF_UNSUPPORTED_C";

  constructor(
    readonly source: string,
    readonly location: string | undefined,
    readonly limit: string,
    readonly stderr: string,
  ) {
    super(`${location ?? source}: ${limit}`);
  }
}

/** The input is not an ELF64 little-endian EM_BPF relocatable object (or is malformed). */
export class SbfBadObjectError extends SbfBuildError {
  readonly code = "SBF_BAD_OBJECT";

  constructor(
    readonly object: string,
    readonly reason: string,
  ) {
    super(`${object}: ${reason}`);
  }
}

/** The program has mutable global state (.data, .bss, COMMON, TLS), which the loader refuses. */
export class SbfWritableSectionError extends SbfBuildError {
  readonly code = "SBF_WRITABLE_SECTION";

  constructor(
    readonly object: string,
    readonly section: string,
    readonly symbols: readonly string[],
  ) {
    const what = symbols.length > 0 ? ` (defines ${symbols.join(", ")})` : "";
    super(
      `${object}: writable section ${section}${what}; Solana programs cannot have mutable ` +
        `globals: make them const or keep the state in account data`,
    );
  }
}

/** A call to an undefined `sol_*` name that the runtime does not register as a syscall. */
export class SbfUnknownSyscallError extends SbfBuildError {
  readonly code = "SBF_UNKNOWN_SYSCALL";

  constructor(
    readonly object: string,
    readonly symbol: string,
    readonly reason = "the runtime registers no syscall of that name",
  ) {
    super(`${object}: call to unknown syscall ${symbol}: ${reason}`);
  }
}

/** A referenced symbol is defined by none of the linked objects. */
export class SbfUndefinedSymbolError extends SbfBuildError {
  readonly code = "SBF_UNDEFINED_SYMBOL";

  constructor(
    readonly object: string,
    readonly symbol: string,
    hint = "",
  ) {
    super(`${object}: undefined symbol ${symbol}${hint ? `; ${hint}` : ""}`);
  }
}

/** Two objects define the same global symbol. */
export class SbfDuplicateSymbolError extends SbfBuildError {
  readonly code = "SBF_DUPLICATE_SYMBOL";

  constructor(
    readonly symbol: string,
    readonly objects: readonly [string, string],
  ) {
    super(`symbol ${symbol} is defined in both ${objects[0]} and ${objects[1]}`);
  }
}

/** Code takes the address of a function; SBPFv0 and upstream LLVM disagree on callx. */
export class SbfFunctionPointerError extends SbfBuildError {
  readonly code = "SBF_FUNCTION_POINTER";

  constructor(
    readonly object: string,
    readonly symbol: string,
    readonly section: string,
  ) {
    super(
      `${object}: ${section} takes the address of function ${symbol}; function pointers ` +
        `are not supported, dispatch with a switch instead`,
    );
  }
}

/** A relocation this linker does not know how to resolve for the loader. */
export class SbfUnsupportedRelocationError extends SbfBuildError {
  readonly code = "SBF_UNSUPPORTED_RELOCATION";

  constructor(
    readonly object: string,
    readonly section: string,
    readonly offset: number,
    readonly relocationType: number,
    readonly reason: string,
  ) {
    super(
      `${object}: relocation type ${relocationType} at ${section}+0x${offset.toString(16)}: ` +
        reason,
    );
  }
}

/** No object defines a function named `entrypoint`. */
export class SbfMissingEntrypointError extends SbfBuildError {
  readonly code = "SBF_MISSING_ENTRYPOINT";

  constructor(readonly symbol: string) {
    super(`no object defines the entry function ${symbol}`);
  }
}

/** An instruction whose opcode SBPFv0 does not have (e.g. jmp32 from -mcpu=v3). */
export class SbfBadOpcodeError extends SbfBuildError {
  readonly code = "SBF_BAD_OPCODE";

  constructor(
    readonly offset: number,
    readonly opcode: number,
    readonly reason: string,
    /** The function holding the instruction, when the linker knows it. */
    readonly location?: string,
  ) {
    super(
      `opcode 0x${opcode.toString(16).padStart(2, "0")} at .text+0x${offset.toString(16)} ` +
        `(instruction ${offset / 8}${location ? `, in ${location}` : ""}): ${reason}`,
    );
  }
}

/** An instruction with a valid opcode but operands the SBPFv0 verifier refuses. */
export class SbfBadInstructionError extends SbfBuildError {
  readonly code = "SBF_BAD_INSTRUCTION";

  constructor(
    readonly offset: number,
    readonly opcode: number,
    readonly reason: string,
    readonly location?: string,
  ) {
    super(
      `instruction ${offset / 8} (opcode 0x${opcode.toString(16).padStart(2, "0")}, ` +
        `.text+0x${offset.toString(16)}${location ? `, in ${location}` : ""}): ${reason}`,
    );
  }
}
