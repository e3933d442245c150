import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PublicKey } from "@solana/web3.js";
import { Keypair, Transaction, TransactionInstruction } from "@solana/web3.js";
import { DeployError, SvmHarness, UPGRADEABLE_LOADER } from "../src/index.js";

// Light's CLI package ships the SPL noop program: a small real SBF binary to deploy.
const require = createRequire(import.meta.url);
const cliDir = dirname(require.resolve("@lightprotocol/zk-compression-cli/package.json"));
const NOOP_SO = join(cliDir, "bin", "spl_noop.so");

function invoke(svm: SvmHarness, programId: PublicKey, payer: Keypair): Transaction {
  const tx = new Transaction({
    feePayer: payer.publicKey,
    recentBlockhash: svm.latestBlockhash().blockhash,
  }).add(new TransactionInstruction({ programId, keys: [], data: Buffer.from("hello") }));
  tx.sign(payer);
  return tx;
}

describe("svm deploy", () => {
  it("a program deployed through the upgradeable loader runs", () => {
    const svm = new SvmHarness();
    const program = Keypair.generate();
    const payer = Keypair.generate();
    svm.airdrop(payer.publicKey.toBase58(), 10_000_000_000n);

    svm.deployUpgradeable(program, readFileSync(NOOP_SO));
    const res = svm.sendWeb3(invoke(svm, program.publicKey, payer));

    expect(res.err).toBeNull();
    expect(res.logs).toContain(`Program ${program.publicKey.toBase58()} success`);
    expect(svm.getAccount(program.publicKey.toBase58())?.owner).toBe(UPGRADEABLE_LOADER.toBase58());
  });

  it("the loader refuses bytes that are not an ELF and the error names the step", () => {
    const svm = new SvmHarness();
    let caught: unknown;
    try {
      svm.deployUpgradeable(Keypair.generate(), new Uint8Array(3000).fill(7));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DeployError);
    expect(caught).toMatchObject({ code: "DEPLOY_FAILED", step: "deploy" });
    expect((caught as DeployError).logs.join("\n")).toMatch(/ELF|invalid/i);
  });

  it("addProgramFromFile loads a .so at any id", () => {
    const svm = new SvmHarness();
    const programId = Keypair.generate().publicKey;
    const payer = Keypair.generate();
    svm.airdrop(payer.publicKey.toBase58(), 1_000_000_000n);

    svm.addProgramFromFile(programId.toBase58(), NOOP_SO);

    expect(svm.sendWeb3(invoke(svm, programId, payer)).ok).toBe(true);
  });
});
