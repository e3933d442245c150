import {
  address,
  generateKeyPairSigner,
  getAddressEncoder,
  getProgramDerivedAddress,
  lamports,
} from "@solana/kit";
import type { Address } from "@solana/kit";
import { LiteSVM } from "litesvm";
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_PROGRAM } from "./helpers/loader.js";
import { accounts, buildFixture, fundedPayer, send, sendExpectingFailure } from "./helpers/svm.js";

async function loadFixture(svm: LiteSVM, sources: string[]): Promise<Address> {
  const { so } = await buildFixture(sources);
  const programId = (await generateKeyPairSigner()).address;
  svm.addProgram(programId, so);
  return programId;
}

describe("sbf-build - programs executed in LiteSVM", () => {
  let svm: LiteSVM;
  beforeAll(() => {
    svm = new LiteSVM();
  });

  it("writes the instruction data into an account the program owns", async () => {
    const programId = await loadFixture(svm, ["write.c"]);
    const payer = await fundedPayer(svm);
    const target = (await generateKeyPairSigner()).address;
    svm.setAccount({
      address: target,
      data: new Uint8Array(16),
      executable: false,
      lamports: lamports(svm.minimumBalanceForRentExemption(16n)),
      programAddress: programId,
      space: 16n,
    });
    const payload = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5]);

    const meta = await send(svm, payer, [
      {
        programAddress: programId,
        accounts: [accounts.writable(target)],
        data: payload,
      },
    ]);

    const account = svm.getAccount(target);
    expect(account.exists).toBe(true);
    if (!account.exists) return;
    expect([...account.data]).toEqual([...payload, 0, 0, 0, 0, 0, 0, 0]);
    expect(meta.computeUnitsConsumed()).toBeGreaterThan(0n);
  });

  it("returns its custom error when the account is too small (error paths link too)", async () => {
    const programId = await loadFixture(svm, ["write.c"]);
    const payer = await fundedPayer(svm);
    const target = (await generateKeyPairSigner()).address;
    svm.setAccount({
      address: target,
      data: new Uint8Array(2),
      executable: false,
      lamports: lamports(svm.minimumBalanceForRentExemption(2n)),
      programAddress: programId,
      space: 2n,
    });

    const failure = await sendExpectingFailure(svm, payer, [
      {
        programAddress: programId,
        accounts: [accounts.writable(target)],
        data: new Uint8Array(8),
      },
    ]);

    expect(failure.toString()).toContain("Custom(2)");
  });

  it("calls across two C files and reads strings through read-only pointer tables", async () => {
    const programId = await loadFixture(svm, ["calls/main.c", "calls/names.c"]);
    const payer = await fundedPayer(svm);
    const run = async (index: number): Promise<string[]> =>
      (
        await send(svm, payer, [
          { programAddress: programId, accounts: [], data: new Uint8Array([index]) },
        ])
      ).logs();

    const checksum = (text: string): bigint =>
      [...Buffer.from(text)].reduce(
        (sum, byte) => BigInt.asUintN(64, sum * 31n + BigInt(byte)),
        0n,
      );
    const hex = (n: bigint | number): string => `0x${n.toString(16)}`;

    const logs = await run(2);
    expect(logs).toContain("Program log: ochre");
    expect(logs).toContain(
      `Program log: ${hex(2)}, ${hex(checksum("ochre"))}, ${hex(5)}, 0x0, 0x0`,
    );
    expect(logs).toContain("Program log: greeting from main.c");
    expect(logs).toContain("Program log: farewell from names.c");
    expect(await run(0)).toContain("Program log: crimson");
    expect(await run(11)).toContain("Program log: spare-1");
  });

  it("links objects built with one section per function and per datum", async () => {
    const { so } = await buildFixture(["calls/main.c", "calls/names.c"], {
      cflags: ["-ffunction-sections", "-fdata-sections"],
    });
    const programId = (await generateKeyPairSigner()).address;
    svm.addProgram(programId, so);
    const payer = await fundedPayer(svm);

    const meta = await send(svm, payer, [
      { programAddress: programId, accounts: [], data: new Uint8Array([1]) },
    ]);

    expect(meta.logs()).toContain("Program log: teal");
    expect(meta.logs()).toContain("Program log: farewell from names.c");
  });

  it("resolves a weak default to the strong definition in another object", async () => {
    const withOverride = await loadFixture(svm, ["weak/main.c", "weak/override.c"]);
    const alone = await loadFixture(svm, ["weak/main.c"]);
    const payer = await fundedPayer(svm);
    const run = async (programAddress: Address): Promise<string[]> =>
      (await send(svm, payer, [{ programAddress, accounts: [], data: new Uint8Array() }])).logs();

    expect(await run(withOverride)).toContain("Program log: 0x19, 0x0, 0x0, 0x0, 0x0");
    expect(await run(alone)).toContain("Program log: 0x1, 0x0, 0x0, 0x0, 0x0");
  });

  it("creates a PDA through a signed CPI to the system program", async () => {
    const programId = await loadFixture(svm, ["pda.c"]);
    const payer = await fundedPayer(svm);
    const [vault] = await getProgramDerivedAddress({
      programAddress: programId,
      seeds: ["vault", getAddressEncoder().encode(payer.address)],
    });
    const space = 40n;
    const rent = svm.minimumBalanceForRentExemption(space);
    const data = new Uint8Array(16);
    new DataView(data.buffer).setBigUint64(0, rent, true);
    new DataView(data.buffer).setBigUint64(8, space, true);
    const instruction = {
      programAddress: programId,
      accounts: [
        accounts.signer(payer, true),
        accounts.writable(vault),
        accounts.readonly(SYSTEM_PROGRAM),
      ],
      data,
    };

    const meta = await send(svm, payer, [instruction]);

    const account = svm.getAccount(vault);
    expect(account.exists).toBe(true);
    if (!account.exists) return;
    expect(account.programAddress).toBe(programId);
    expect(account.data.length).toBe(Number(space));
    expect(account.lamports).toBe(rent);
    expect(meta.logs()).toContain(`Program ${address(SYSTEM_PROGRAM)} success`);
  });
});
