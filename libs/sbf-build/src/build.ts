import { randomUUID } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { compile } from "./compile.js";
import { link } from "./link.js";

export interface BuildOptions {
  sources: string[];
  includeDirs?: string[];
  defines?: Record<string, string>;
  outFile: string;
  cflags?: string[];
  /** Syscall names to accept beyond the default runtime's (see link). */
  extraSyscalls?: string[];
  /** Keep function names in a .symtab (see link); off by default. */
  symbols?: boolean;
}

export interface BuildResult {
  outFile: string;
  bytes: number;
  textBytes: number;
  syscalls: string[];
}

/** Compiles and links C sources into a loadable Solana program; writes `outFile` only on
 * success, so a refused build leaves an existing file untouched. */
export async function buildProgram(opts: BuildOptions): Promise<BuildResult> {
  const objects = await compile(opts);
  const program = link(
    objects.map((object) => ({ name: object.source, bytes: object.bytes })),
    { extraSyscalls: opts.extraSyscalls ?? [], symbols: opts.symbols ?? false },
  );

  await mkdir(dirname(opts.outFile), { recursive: true });
  const temporary = `${opts.outFile}.${randomUUID()}.tmp`;
  await writeFile(temporary, program.elf);
  await rename(temporary, opts.outFile);

  return {
    outFile: opts.outFile,
    bytes: program.elf.length,
    textBytes: program.textBytes,
    syscalls: program.syscalls,
  };
}
