import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProgram } from "../src/index.js";
import { FIXTURES } from "./helpers/svm.js";

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

describe("sbf-build - deterministic output", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sbf-build-determinism-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function build(root: string, outName: string): Promise<Uint8Array> {
    const outFile = join(dir, outName);
    await buildProgram({
      sources: [join(root, "calls/main.c"), join(root, "calls/names.c")],
      includeDirs: [join(root, "calls")],
      defines: { UNUSED_FLAG: "1" },
      outFile,
    });
    return new Uint8Array(await readFile(outFile));
  }

  it("building the same sources twice gives byte-identical programs", async () => {
    const first = await build(FIXTURES, "first.so");
    const second = await build(FIXTURES, "second.so");
    expect(sha256(second)).toBe(sha256(first));
  });

  it("the sources' location on disk does not change the program", async () => {
    const copy = join(dir, "elsewhere", "fixtures");
    await cp(FIXTURES, copy, { recursive: true });
    const original = await build(FIXTURES, "original.so");
    const moved = await build(copy, "moved.so");
    expect(sha256(moved)).toBe(sha256(original));
  });

  it("a different source gives a different program (the comparison can fail)", async () => {
    const calls = await build(FIXTURES, "calls.so");
    const outFile = join(dir, "log.so");
    await buildProgram({ sources: [join(FIXTURES, "log.c")], outFile });
    expect(sha256(new Uint8Array(await readFile(outFile)))).not.toBe(sha256(calls));
  });
});
