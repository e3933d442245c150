import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHT_PROGBITS, SHT_REL } from "../src/elf/constants.js";
import { readElf } from "../src/elf/read.js";
import {
  buildProgram,
  clangVersion,
  compile,
  link,
  SbfBadInstructionError,
  SbfBadObjectError,
  SbfBadOpcodeError,
  SbfCompileError,
  SbfDuplicateSymbolError,
  SbfFunctionPointerError,
  SbfMissingEntrypointError,
  SbfStackFrameError,
  SbfUndefinedSymbolError,
  SbfUnknownSyscallError,
  SbfUnsupportedCError,
  SbfWritableSectionError,
} from "../src/index.js";
import type { BuildOptions } from "../src/index.js";
import { buildFixture, fixture } from "./helpers/svm.js";

describe("sbf-build - refused builds", () => {
  let dir: string;
  let outFile: string;
  const PREVIOUS = new Uint8Array([1, 2, 3, 4]);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sbf-build-refuse-"));
    outFile = join(dir, "program.so");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Builds and returns the error; checks that the previous output file survived. */
  async function refusal(
    sources: string[],
    options: Omit<BuildOptions, "sources" | "outFile"> = {},
  ): Promise<unknown> {
    await writeFile(outFile, PREVIOUS);
    const error = await buildProgram({
      ...options,
      sources: sources.map((s) => fixture(`refuse/${s}`)),
      outFile,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(new Uint8Array(await readFile(outFile))).toEqual(PREVIOUS);
    return error;
  }

  it("a mutable global in .bss gives SBF_WRITABLE_SECTION naming section and symbol", async () => {
    const error = await refusal(["writable-bss.c"]);
    expect(error).toBeInstanceOf(SbfWritableSectionError);
    const writable = error as SbfWritableSectionError;
    expect(writable.code).toBe("SBF_WRITABLE_SECTION");
    expect(writable.section).toBe(".bss");
    expect(writable.symbols).toEqual(["invocations"]);
  });

  it("an initialised mutable global in .data gives SBF_WRITABLE_SECTION", async () => {
    const error = (await refusal(["writable-data.c"])) as SbfWritableSectionError;
    expect(error.code).toBe("SBF_WRITABLE_SECTION");
    expect(error.section).toBe(".data");
    expect(error.symbols).toEqual(["limit"]);
  });

  it("a COMMON symbol gives SBF_WRITABLE_SECTION naming the symbol", async () => {
    const error = (await refusal(["writable-common.c"])) as SbfWritableSectionError;
    expect(error.code).toBe("SBF_WRITABLE_SECTION");
    expect(error.section).toBe("COMMON");
    expect(error.symbols).toEqual(["shared_counter"]);
  });

  it("a misspelled syscall gives SBF_UNKNOWN_SYSCALL with its name", async () => {
    const error = await refusal(["unknown-syscall.c"]);
    expect(error).toBeInstanceOf(SbfUnknownSyscallError);
    expect((error as SbfUnknownSyscallError).code).toBe("SBF_UNKNOWN_SYSCALL");
    expect((error as SbfUnknownSyscallError).symbol).toBe("sol_log_typo_");
  });

  it("a syscall the runtime no longer deploys gives SBF_UNKNOWN_SYSCALL", async () => {
    const error = (await refusal(["inactive-syscall.c"])) as SbfUnknownSyscallError;
    expect(error.code).toBe("SBF_UNKNOWN_SYSCALL");
    expect(error.symbol).toBe("sol_alloc_free_");
    expect(error.message).toContain("refused at deployment");
  });

  it("an -mcpu=v3 object gives SBF_BAD_OPCODE with the jmp32 opcode and its offset", async () => {
    const error = await refusal(["branches.c"], { cflags: ["-mcpu=v3"] });
    expect(error).toBeInstanceOf(SbfBadOpcodeError);
    const bad = error as SbfBadOpcodeError;
    expect(bad.code).toBe("SBF_BAD_OPCODE");
    expect(bad.opcode & 0x07).toBe(0x06);
    expect(bad.offset % 8).toBe(0);
    expect(bad.location).toContain("entrypoint");
  });

  it("-mcpu=v3 add32/mul32 give SBF_BAD_OPCODE: SBPFv0 would sign-extend them", async () => {
    const error = (await refusal(["alu32.c"], { cflags: ["-mcpu=v3"] })) as SbfBadOpcodeError;
    expect(error).toBeInstanceOf(SbfBadOpcodeError);
    expect([0x04, 0x0c, 0x14, 0x1c, 0x24, 0x2c]).toContain(error.opcode);
    expect(error.message).toContain("sign-extends");
    const v2 = await buildProgram({ sources: [fixture("refuse/alu32.c")], outFile });
    expect(v2.textBytes).toBeGreaterThan(0);
  });

  it("the same source with the default -mcpu=v2 builds", async () => {
    const result = await buildProgram({ sources: [fixture("refuse/branches.c")], outFile });
    expect(result.textBytes).toBeGreaterThan(0);
  });

  it("a call to a function no object defines gives SBF_UNDEFINED_SYMBOL", async () => {
    const error = (await refusal(["undefined-function.c"])) as SbfUndefinedSymbolError;
    expect(error).toBeInstanceOf(SbfUndefinedSymbolError);
    expect(error.code).toBe("SBF_UNDEFINED_SYMBOL");
    expect(error.symbol).toBe("memcpy");
    expect(error.message).toContain("sol_memcpy_");
  });

  it("a table of function pointers gives SBF_FUNCTION_POINTER naming the function", async () => {
    const error = (await refusal(["function-pointer.c"])) as SbfFunctionPointerError;
    expect(error).toBeInstanceOf(SbfFunctionPointerError);
    expect(error.code).toBe("SBF_FUNCTION_POINTER");
    expect(error.symbol).toBe("twice");
  });

  it("a frame over 512 bytes gives SBF_STACK_FRAME_TOO_LARGE at the function", async () => {
    const error = (await refusal(["big-frame.c"])) as SbfStackFrameError;
    expect(error).toBeInstanceOf(SbfStackFrameError);
    expect(error.code).toBe("SBF_STACK_FRAME_TOO_LARGE");
    expect(error.location).toMatch(/big-frame\.c:\d+:\d+$/);
  });

  it.each([
    ["six-arguments.c", "at most 5 arguments"],
    ["struct-return.c", "out-pointer"],
  ])("%s gives SBF_UNSUPPORTED_C explaining the limit", async (source, limit) => {
    const error = (await refusal([source])) as SbfUnsupportedCError;
    expect(error).toBeInstanceOf(SbfUnsupportedCError);
    expect(error.code).toBe("SBF_UNSUPPORTED_C");
    expect(error.limit).toContain(limit);
    expect(error.location).toMatch(new RegExp(`${source.replace(".", "\\.")}:\\d+:\\d+$`));
  });

  it("a syntax error gives SBF_COMPILE_FAILED carrying clang's diagnostics", async () => {
    const error = (await refusal(["syntax-error.c"])) as SbfCompileError;
    expect(error).toBeInstanceOf(SbfCompileError);
    expect(error.code).toBe("SBF_COMPILE_FAILED");
    expect(error.exitCode).not.toBe(0);
    expect(error.stderr).toContain("expected expression");
  });

  it("a missing clang gives SBF_COMPILE_FAILED with the spawn error as cause", async () => {
    const previous = process.env.SBF_CLANG;
    process.env.SBF_CLANG = join(dir, "no-such-clang");
    try {
      const error = (await refusal(["branches.c"])) as SbfCompileError;
      expect(error.code).toBe("SBF_COMPILE_FAILED");
      expect((error.cause as NodeJS.ErrnoException).code).toBe("ENOENT");
    } finally {
      if (previous === undefined) delete process.env.SBF_CLANG;
      else process.env.SBF_CLANG = previous;
    }
  });

  it("clangVersion reports the compiler, and a missing one as SBF_COMPILE_FAILED", async () => {
    expect(await clangVersion()).toMatch(/clang version \d+\.\d+/);
    await expect(clangVersion(join(dir, "no-such-clang"))).rejects.toBeInstanceOf(SbfCompileError);
  });

  it("two definitions of one function give SBF_DUPLICATE_SYMBOL", async () => {
    const error = (await refusal(["duplicate-a.c", "duplicate-b.c"])) as SbfDuplicateSymbolError;
    expect(error).toBeInstanceOf(SbfDuplicateSymbolError);
    expect(error.code).toBe("SBF_DUPLICATE_SYMBOL");
    expect(error.symbol).toBe("helper");
  });

  it("sources without an entrypoint give SBF_MISSING_ENTRYPOINT", async () => {
    const error = await refusal(["no-entrypoint.c"]);
    expect(error).toBeInstanceOf(SbfMissingEntrypointError);
    expect((error as SbfMissingEntrypointError).code).toBe("SBF_MISSING_ENTRYPOINT");
  });

  it("link refuses input that is not a BPF relocatable object with SBF_BAD_OBJECT", async () => {
    const { so } = await buildFixture(["log.c"]);
    const garbage = new Uint8Array(128).fill(7);

    for (const bytes of [so, garbage]) {
      const error = (() => {
        try {
          link([{ name: "input.o", bytes }]);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(SbfBadObjectError);
      expect((error as SbfBadObjectError).code).toBe("SBF_BAD_OBJECT");
      expect((error as SbfBadObjectError).object).toBe("input.o");
    }
  });

  it("an object whose relocations were lost is refused instead of calling nowhere", async () => {
    const [object] = await compile({ sources: [fixture("log.c")] });
    const bytes = object!.bytes.slice();
    const parsed = readElf(bytes, "log.o");
    const shoff = Number(new DataView(bytes.buffer).getBigUint64(40, true));
    for (const section of parsed.sections.filter((s) => s.type === SHT_REL)) {
      new DataView(bytes.buffer).setUint32(shoff + section.index * 64 + 4, SHT_PROGBITS, true);
    }

    expect(() => link([{ name: "log.o", bytes }])).toThrow(SbfBadInstructionError);
    expect(() => link([{ name: "log.o", bytes }])).toThrow("no syscall relocation binds");
  });
});
