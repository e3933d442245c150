import { LiteSVM } from "litesvm";
import { describe, expect, it } from "vitest";
import { STT_FUNC } from "../src/elf/constants.js";
import { readElf } from "../src/elf/read.js";
import { deployUpgradeable } from "./helpers/loader.js";
import { buildFixture, fundedPayer, send, sendExpectingFailure } from "./helpers/svm.js";

describe("sbf-build - upgradeable loader deployment", () => {
  it("passes InitializeBuffer, Write and DeployWithMaxDataLen, then executes", async () => {
    const { so } = await buildFixture(["calls/main.c", "calls/names.c"]);
    const svm = new LiteSVM();
    const payer = await fundedPayer(svm);

    const programId = await deployUpgradeable(svm, payer, so);
    const meta = await send(svm, payer, [
      { programAddress: programId, accounts: [], data: new Uint8Array([1]) },
    ]);

    expect(meta.logs()).toContain("Program log: teal");
    expect(meta.logs()).toContain(`Program ${programId} success`);
  });

  it("deploys an image without .rodata or relocations and runs it to its exit code", async () => {
    const { so } = await buildFixture(["exit-code.c"]);
    const svm = new LiteSVM();
    const payer = await fundedPayer(svm);

    const programId = await deployUpgradeable(svm, payer, so);
    const failure = await sendExpectingFailure(svm, payer, [
      { programAddress: programId, accounts: [], data: new Uint8Array() },
    ]);

    expect(failure.toString()).toContain("Custom(42)");
  });

  it("with symbols kept, names every function in .symtab and still deploys and runs", async () => {
    const { so } = await buildFixture(["calls/main.c", "calls/names.c"], { symbols: true });
    const plain = await buildFixture(["calls/main.c", "calls/names.c"]);
    const functions = readElf(so, "calls.so")
      .symbols.filter((symbol) => symbol.type === STT_FUNC)
      .map((symbol) => symbol.name)
      .sort();
    expect(functions).toEqual(["checksum", "color_name", "entrypoint"]);
    expect(readElf(plain.so, "plain.so").sections.map((s) => s.name)).not.toContain(".symtab");

    const svm = new LiteSVM();
    const payer = await fundedPayer(svm);
    const programId = await deployUpgradeable(svm, payer, so);
    const meta = await send(svm, payer, [
      { programAddress: programId, accounts: [], data: new Uint8Array([0]) },
    ]);
    expect(meta.logs()).toContain("Program log: crimson");
  });

  it("the same deployment refuses the program once a syscall name is corrupted", async () => {
    const { so } = await buildFixture(["log.c"]);
    const corrupted = so.slice();
    const at = Buffer.from(corrupted).indexOf("sol_log_\0");
    expect(at).toBeGreaterThan(0);
    corrupted.set(Buffer.from("sol_lgg_"), at);

    const svm = new LiteSVM();
    const payer = await fundedPayer(svm);
    await expect(deployUpgradeable(svm, payer, corrupted)).rejects.toThrow(
      "Unresolved symbol (sol_lgg_)",
    );
  });
});
