import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SvmHarness } from "@pod/svm";
import { Keypair, type AccountMeta } from "@solana/web3.js";
import {
  LocalTree,
  STATE_TREE_V1,
  hashCompressedAccount,
  invokeCpiAccounts,
  isRootInHistory,
  parseAppendedLeaves,
  readRootHistory,
  type OutputInput,
} from "../src/index.js";
import { buildForwarder, forwardIx } from "./forwarder.js";
import { lightChain, send } from "./support.js";

// A real caller of invoke_cpi: a small C program that forwards the encoded instruction to
// Light and signs as its own cpi_authority PDA. Light then runs every check it runs for any
// program: the account order, the authority, the owner of each output, the tree.
let dir: string;
let svm: SvmHarness;
let payer: Keypair;
const program = Keypair.generate().publicKey;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "light-forwarder-"));
  const outFile = join(dir, "forwarder.so");
  await buildForwarder(outFile);
  ({ svm, payer } = lightChain());
  svm.addProgramFromFile(program.toBase58(), outFile);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function record(i: number, owner = program): OutputInput {
  const data = Uint8Array.from({ length: 40 }, (_, k) => (k * 13 + i * 7) & 255);
  const dataHash = createHash("sha256").update(data).digest();
  dataHash[0] = 0; // below the BN254 modulus, as the PoD program does it
  return {
    owner,
    data: { discriminator: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, i]), data, dataHash },
  };
}

function forward(outputs: OutputInput[], accounts?: AccountMeta[]) {
  return send(svm, payer, forwardIx(program, payer.publicKey, outputs, accounts));
}

function nextIndex(): number {
  const account = svm.getAccount(STATE_TREE_V1.toBase58());
  if (!account) throw new Error("tree missing");
  return readRootHistory(account.data).nextIndex;
}

describe("invoke_cpi through a calling program", () => {
  const appended: Array<{ leafIndex: number; hash: Uint8Array }> = [];

  it("Light accepts the accounts and data and appends program-owned accounts", async () => {
    const outputs = [record(0), record(1), record(2)];
    const res = forward(outputs);
    expect(res.err, res.logs.join("\n")).toBeNull();
    const leaves = parseAppendedLeaves(res);
    expect(leaves.map((l) => l.leafIndex)).toEqual([0, 1, 2]);

    for (const [i, leaf] of leaves.entries()) {
      const sent = outputs[i] as OutputInput;
      expect(leaf.account?.owner.equals(program)).toBe(true);
      expect(Buffer.from(leaf.account?.data?.data ?? [])).toEqual(Buffer.from(sent.data!.data));
      expect(Buffer.from(leaf.account?.data?.dataHash ?? [])).toEqual(
        Buffer.from(sent.data!.dataHash),
      );
      const hash = hashCompressedAccount({
        owner: program,
        leafIndex: leaf.leafIndex,
        tree: leaf.tree,
        data: sent.data,
      });
      expect(Buffer.from(hash).toString("hex")).toBe(Buffer.from(leaf.hash).toString("hex"));
      appended.push(leaf);
    }

    const local = new LocalTree();
    local.appendAll(appended);
    expect(isRootInHistory(svm, local.root())).toBe(true);
  });

  it("Light refuses the optional slots in another order, and nothing is appended", () => {
    const before = nextIndex();
    const metas = invokeCpiAccounts({ feePayer: payer.publicKey, invokingProgram: program });
    // System program and cpi-context slot swapped: the order the system program reads matters.
    [metas[9], metas[10]] = [metas[10] as AccountMeta, metas[9] as AccountMeta];
    const res = forward([record(3)], metas);
    // 20011: light-account-checks' "invalid program id" for the system program slot.
    expect(res.err).toEqual({ InstructionError: [0, { Custom: 20011 }] });
    expect(parseAppendedLeaves(res)).toEqual([]);
    expect(nextIndex()).toBe(before);
  });

  it("Light refuses an output owned by another program", () => {
    const before = nextIndex();
    const res = forward([record(4, Keypair.generate().publicKey)]);
    expect(res.err).toEqual({ InstructionError: [0, { Custom: 6013 }] });
    expect(res.logs.join("\n")).toMatch(/compressed account owner .* != {2}invoking_program_id/);
    expect(nextIndex()).toBe(before);
  });

  it("Light refuses another program named as the invoking program", () => {
    const before = nextIndex();
    const other = Keypair.generate().publicKey;
    const metas = invokeCpiAccounts({ feePayer: payer.publicKey, invokingProgram: program });
    metas[6] = { pubkey: other, isSigner: false, isWritable: false };
    const res = forward([record(5)], metas);
    expect(res.err).toEqual({ InstructionError: [0, { Custom: 6002 }] });
    expect(res.logs.join("\n")).toMatch(/Cpi signer check failed/);
    expect(nextIndex()).toBe(before);
  });
});
