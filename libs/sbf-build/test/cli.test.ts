import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyProgram } from "../src/index.js";
import { fixture } from "./helpers/svm.js";

const CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const REPO = fileURLToPath(new URL("../../../", import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", CLI, ...args],
      { cwd: REPO },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("sbf-build - command line", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sbf-build-cli-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("builds with -o, -I and -D and prints a summary", async () => {
    const outFile = join(dir, "calls.so");
    const run = await runCli([
      "-o",
      outFile,
      "-I",
      fixture("calls"),
      "-DUNUSED=2",
      fixture("calls/main.c"),
      fixture("calls/names.c"),
    ]);

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("syscalls: sol_log_, sol_log_64_");
    const so = new Uint8Array(await readFile(outFile));
    expect(verifyProgram(so).instructions).toBeGreaterThan(0);
  });

  it("prints the error code, exits 1 and writes nothing on a refused build", async () => {
    const outFile = join(dir, "refused.so");
    const run = await runCli(["-o", outFile, fixture("refuse/writable-bss.c")]);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error\[SBF_WRITABLE_SECTION\]: .*\.bss/);
    await expect(stat(outFile)).rejects.toThrow();
  });

  it("exits 2 with usage when no output is given", async () => {
    const run = await runCli([fixture("log.c")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("usage: sbf-build");
  });
});
