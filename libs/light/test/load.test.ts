import { describe, expect, it } from "vitest";
import { LiteSVM } from "litesvm";
import {
  getAccountCompressionAuthority,
  getRegisteredProgramPda,
  defaultTestStateTreeAccounts,
} from "@lightprotocol/stateless.js";
import {
  ACCOUNT_COMPRESSION_AUTHORITY,
  ACCOUNT_COMPRESSION_PROGRAM_ID,
  LIGHT_SYSTEM_PROGRAM_ID,
  NOOP_PROGRAM_ID,
  NULLIFIER_QUEUE_V1,
  REGISTERED_PROGRAM_PDA,
  STATE_TREE_V1,
  kitAddress,
  lightGenesis,
  loadLight,
} from "../src/index.js";

describe("light genesis", () => {
  it("lists the five programs and one entry per genesis address", () => {
    const genesis = lightGenesis();
    expect(genesis.cliVersion).toBe("0.28.3");
    expect(genesis.programs.map((p) => p.programId.toBase58()).sort()).toEqual(
      [
        LIGHT_SYSTEM_PROGRAM_ID,
        ACCOUNT_COMPRESSION_PROGRAM_ID,
        NOOP_PROGRAM_ID,
        "Lighton6oQpVkeewmo2mcPTQQp7kYHr4fWpAgJyEmDX",
        "cTokenmWW8bLPjZEBAUgYy3zKxQZW6VKi7bqNFEVv3m",
      ]
        .map(String)
        .sort(),
    );
    const addresses = genesis.accounts.map((a) => a.address.toBase58());
    expect(new Set(addresses).size).toBe(addresses.length);
    for (const key of [STATE_TREE_V1, NULLIFIER_QUEUE_V1, REGISTERED_PROGRAM_PDA]) {
      expect(addresses).toContain(key.toBase58());
    }
  });

  it("agrees with stateless.js on Light's fixed accounts", () => {
    expect(ACCOUNT_COMPRESSION_AUTHORITY.equals(getAccountCompressionAuthority())).toBe(true);
    expect(REGISTERED_PROGRAM_PDA.equals(getRegisteredProgramPda())).toBe(true);
    const v1 = defaultTestStateTreeAccounts();
    expect(STATE_TREE_V1.equals(v1.merkleTree)).toBe(true);
    expect(NULLIFIER_QUEUE_V1.equals(v1.nullifierQueue)).toBe(true);
  });

  it("loadLight puts programs and accounts into LiteSVM byte for byte", () => {
    const svm = new LiteSVM();
    const loaded = loadLight(svm);
    expect(loaded.programs).toHaveLength(5);
    expect(loaded.accounts).toBe(lightGenesis().accounts.length);

    const program = svm.getAccount(kitAddress(LIGHT_SYSTEM_PROGRAM_ID));
    expect(program.exists && program.executable).toBe(true);

    const tree = lightGenesis().accounts.find((a) => a.address.equals(STATE_TREE_V1));
    const onChain = svm.getAccount(kitAddress(STATE_TREE_V1));
    expect(onChain.exists).toBe(true);
    if (!onChain.exists || !tree) throw new Error("tree missing");
    expect(Buffer.from(onChain.data).equals(Buffer.from(tree.account.data))).toBe(true);
    expect(onChain.lamports).toBe(tree.account.lamports);
    expect(onChain.programAddress).toBe(ACCOUNT_COMPRESSION_PROGRAM_ID.toBase58());
  });

  it("loadLight honours a program list and an account filter", () => {
    const svm = new LiteSVM();
    const loaded = loadLight(svm, {
      programs: ["light_system_program", "account_compression", "noop"],
      accountFilter: (address) => address.equals(STATE_TREE_V1),
    });
    expect(loaded).toEqual({
      programs: ["noop", "light_system_program", "account_compression"],
      accounts: 1,
    });
    expect(svm.getAccount(kitAddress(NULLIFIER_QUEUE_V1)).exists).toBe(false);
    expect(svm.getAccount(kitAddress(STATE_TREE_V1)).exists).toBe(true);
  });
});
