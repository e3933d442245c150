import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { buildProgram, type BuildResult } from "@pod/sbf-build";
import { emitGenerated } from "./emit.js";
import { C_DIR, PACKAGE_DIR, PROGRAM_SO } from "./paths.js";

/** The C sources of the program, in a stable order (the .so depends on it). */
export function programSources(): string[] {
  return readdirSync(C_DIR)
    .filter((name) => name.endsWith(".c"))
    .sort()
    .map((name) => join(C_DIR, name));
}

/** Regenerates IDL, types and header, then compiles and links the program to `outFile`. */
export async function buildPodProgram(outFile = PROGRAM_SO): Promise<BuildResult> {
  emitGenerated();
  return buildProgram({
    sources: programSources(),
    includeDirs: [C_DIR],
    outFile,
    cflags: ["-Wall", "-Wextra", "-Werror"],
  });
}

if (process.argv[1]?.endsWith("build.ts")) {
  const result = await buildPodProgram();
  const where = relative(PACKAGE_DIR, result.outFile);
  process.stdout.write(`${where}: ${result.bytes} bytes (.text ${result.textBytes})\n`);
  process.stdout.write(`syscalls: ${result.syscalls.join(", ")}\n`);
}
