import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LiteSVM } from "litesvm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile, INACTIVE_SYSCALLS, link, SOLANA_SYSCALLS } from "../src/index.js";
import { deployUpgradeable } from "./helpers/loader.js";
import { fundedPayer } from "./helpers/svm.js";

// Calls every listed syscall behind a branch the test never takes, so deployment has to
// resolve each name while execution never runs them.
function everySyscallSource(names: readonly string[]): string {
  const declarations = names.map((n) => `unsigned long ${n}(unsigned long, unsigned long);`);
  const calls = names.map((n, i) => `    if (input[8] == ${i}) return ${n}(0, 0);`);
  return [
    ...declarations,
    "unsigned long entrypoint(const unsigned char *input) {",
    "  if (input[0] == 0x5a) {",
    ...calls,
    "  }",
    "  return 0;",
    "}",
    "",
  ].join("\n");
}

describe("sbf-build - syscall names", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sbf-build-syscalls-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("every name in the list is registered by the runtime's strict deployment", async () => {
    const names = [...SOLANA_SYSCALLS].sort();
    const source = join(dir, "all.c");
    await writeFile(source, everySyscallSource(names));
    const [object] = await compile({ sources: [source] });
    const program = link([{ name: source, bytes: object!.bytes }]);
    expect(program.syscalls).toEqual(names);

    const svm = new LiteSVM();
    const payer = await fundedPayer(svm);
    await expect(deployUpgradeable(svm, payer, program.elf)).resolves.toBeTruthy();
  });

  it.each([...INACTIVE_SYSCALLS])("%s is refused by the same deployment", async (name) => {
    const source = join(dir, `${name}.c`);
    await writeFile(source, everySyscallSource([name]));
    const [object] = await compile({ sources: [source] });
    const program = link([{ name: source, bytes: object!.bytes }], { extraSyscalls: [name] });

    const svm = new LiteSVM();
    const payer = await fundedPayer(svm);
    await expect(deployUpgradeable(svm, payer, program.elf)).rejects.toThrow(
      `Unresolved symbol (${name})`,
    );
  });
});
