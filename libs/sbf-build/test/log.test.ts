import { generateKeyPairSigner } from "@solana/kit";
import { LiteSVM } from "litesvm";
import { describe, expect, it } from "vitest";
import { buildFixture, fundedPayer, send } from "./helpers/svm.js";

describe("sbf-build - logging program", () => {
  it("builds a program whose log line appears when LiteSVM executes it", async () => {
    const { so, result } = await buildFixture(["log.c"]);
    expect(result.syscalls).toEqual(["sol_log_"]);
    expect(result.bytes).toBe(so.length);

    const svm = new LiteSVM();
    const programId = (await generateKeyPairSigner()).address;
    svm.addProgram(programId, so);
    const payer = await fundedPayer(svm);

    const meta = await send(svm, payer, [
      { programAddress: programId, accounts: [], data: new Uint8Array() },
    ]);

    expect(meta.logs()).toContain("Program log: sbf-build says hello");
    expect(meta.logs()).toContain(`Program ${programId} success`);
  });
});
