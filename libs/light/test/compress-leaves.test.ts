import { beforeAll, describe, expect, it } from "vitest";
import { deserializeAppendNullifyCreateAddressInputsIndexer } from "@lightprotocol/stateless.js";
import { getBase58Encoder } from "@solana/kit";
import type { SvmHarness } from "@pod/svm";
import {
  VersionedTransaction,
  type Keypair,
  type VersionedTransactionResponse,
} from "@solana/web3.js";
import {
  LeafOrderError,
  LeafOutOfRangeError,
  LightDecodeError,
  LocalTree,
  OUTPUT_QUEUE_V2,
  STATE_TREE_V1,
  STATE_TREE_V2,
  hashCompressedAccount,
  isRootInHistory,
  parseAppendedLeaves,
  proveInclusion,
  readRootHistory,
  verifyInclusion,
  viewOfTransactionResponse,
  decodeInsertIntoQueues,
  INSERT_INTO_QUEUES_DISCRIMINATOR,
  type AppendedLeaf,
} from "../src/index.js";
import { compressIx, lightChain, send } from "./support.js";

const base58 = getBase58Encoder();

// Light's own compress (a top-level invoke) creates payer-owned compressed SOL accounts on
// the V1 tree; no prover or indexer is involved.
const ROUNDS = 4;

let svm: SvmHarness;
let payer: Keypair;
const leaves: AppendedLeaf[] = [];
const rootsAfterEachTx: Uint8Array[] = [];
let lastResult: ReturnType<typeof send>;

beforeAll(async () => {
  ({ svm, payer } = lightChain());
  for (let i = 0; i < ROUNDS; i++) {
    // Two invokes in one transaction: each has its own insert_into_queues.
    const res = send(
      svm,
      payer,
      await compressIx(payer, 1_000_000 + i),
      await compressIx(payer, 2_000_000 + i),
    );
    if (!res.ok) throw new Error(`compress failed: ${JSON.stringify(res.err)} ${res.logs}`);
    leaves.push(...parseAppendedLeaves(res));
    lastResult = res;
    rootsAfterEachTx.push(readRootHistory(treeData()).currentRoot);
  }
});

function treeData(): Uint8Array {
  const account = svm.getAccount(STATE_TREE_V1.toBase58());
  if (!account) throw new Error("tree missing");
  return account.data;
}

describe("appended leaves", () => {
  it("reads every appended leaf with its index, tree and account", () => {
    expect(leaves.map((l) => l.leafIndex)).toEqual([...Array(2 * ROUNDS).keys()]);
    leaves.forEach((leaf, n) => {
      const round = Math.floor(n / 2);
      expect(leaf.tree.equals(STATE_TREE_V1)).toBe(true);
      expect(leaf.queue.equals(STATE_TREE_V1)).toBe(true);
      expect(leaf.treeVersion).toBe("v1");
      expect(leaf.instructionIndex).toBe(n % 2);
      expect(leaf.account?.owner.equals(payer.publicKey)).toBe(true);
      expect(leaf.account?.lamports).toBe(BigInt((n % 2 === 0 ? 1_000_000 : 2_000_000) + round));
      expect(leaf.account?.data).toBeNull();
    });
  });

  it("recomputes each leaf from the account's primitives", async () => {
    for (const leaf of leaves) {
      const account = leaf.account;
      if (!account) throw new Error("account missing");
      const hash = hashCompressedAccount({
        ...account,
        leafIndex: leaf.leafIndex,
        tree: leaf.tree,
      });
      expect(Buffer.from(hash).toString("hex")).toBe(Buffer.from(leaf.hash).toString("hex"));
    }
  });

  it("on a V2 tree, names the tree behind the queue and hashes big-endian", async () => {
    const res = send(svm, payer, await compressIx(payer, 3_000_000, "v2"));
    expect(res.err, res.logs.join("\n")).toBeNull();
    const [leaf, ...rest] = parseAppendedLeaves(res);
    expect(rest).toEqual([]);
    if (!leaf?.account) throw new Error("no V2 leaf");
    expect(leaf).toMatchObject({ leafIndex: 0, treeVersion: "v2" });
    expect(leaf.tree.equals(STATE_TREE_V2)).toBe(true);
    expect(leaf.queue.equals(OUTPUT_QUEUE_V2)).toBe(true);
    const input = { ...leaf.account, leafIndex: 0, tree: leaf.tree };
    const v2 = hashCompressedAccount({ ...input, treeVersion: "v2" });
    expect(Buffer.from(v2)).toEqual(Buffer.from(leaf.hash));
    const v1 = hashCompressedAccount({ ...input, treeVersion: "v1" });
    expect(Buffer.from(v1)).not.toEqual(Buffer.from(leaf.hash));
  });

  it("a recomputed hash with another leaf index, lamports or tree differs", async () => {
    const leaf = leaves[3] as AppendedLeaf;
    const base = {
      owner: payer.publicKey,
      lamports: leaf.account?.lamports ?? 0n,
      tree: leaf.tree,
    };
    const variants = [
      { ...base, leafIndex: 4 },
      { ...base, leafIndex: 3, lamports: base.lamports + 1n },
      { ...base, leafIndex: 3, tree: payer.publicKey },
    ];
    for (const v of variants) {
      expect(Buffer.from(hashCompressedAccount(v))).not.toEqual(Buffer.from(leaf.hash));
    }
  });

  it("finds nothing in a failed transaction", async () => {
    const res = send(svm, payer, await compressIx(payer, 1e12)); // more than the payer holds
    expect(res.ok).toBe(false);
    expect(parseAppendedLeaves(res)).toEqual([]);
    expect(readRootHistory(treeData()).nextIndex).toBe(2 * ROUNDS);
    // The same inner instructions under an error committed nothing either.
    expect(parseAppendedLeaves(lastResult)).toHaveLength(2);
    expect(parseAppendedLeaves({ ...lastResult, err: { InstructionError: [0, 1] } })).toEqual([]);
  });

  it("reads the same leaves from a getTransaction-shaped response", () => {
    const message = VersionedTransaction.deserialize(lastResult.wire).message;
    const response = {
      slot: 1,
      blockTime: null,
      transaction: { message, signatures: [lastResult.signature] },
      meta: {
        err: null,
        fee: 5000,
        preBalances: [],
        postBalances: [],
        innerInstructions: lastResult.innerInstructions,
        loadedAddresses: { writable: [], readonly: [] },
      },
    } as unknown as VersionedTransactionResponse;
    const fromRpc = parseAppendedLeaves(viewOfTransactionResponse(response));
    expect(fromRpc).toEqual(parseAppendedLeaves(lastResult));
    expect(fromRpc).toHaveLength(2);
  });

  it("decodes insert_into_queues as stateless.js's indexer decoder does", () => {
    const inserts = lastResult.innerInstructions
      .flatMap((g) => g.instructions)
      .map((ix) => base58.encode(ix.data) as Uint8Array)
      .filter((d) =>
        Buffer.from(d.subarray(0, 8)).equals(Buffer.from(INSERT_INTO_QUEUES_DISCRIMINATOR)),
      );
    expect(inserts).toHaveLength(2);
    for (const data of inserts) {
      const ours = decodeInsertIntoQueues(data);
      const theirs = deserializeAppendNullifyCreateAddressInputsIndexer(
        Buffer.from(data.subarray(12)),
      );
      expect(ours.outputLeafIndices).toEqual(theirs.output_leaf_indices);
      const leavesTheirs = theirs.leaves as Array<{ index: number; leaf: number[] }>;
      expect(
        ours.leaves.map((l) => [l.treeAccountIndex, Buffer.from(l.hash).toString("hex")]),
      ).toEqual(leavesTheirs.map((l) => [l.index, Buffer.from(l.leaf).toString("hex")]));
    }
  });

  it("refuses an insert_into_queues that is cut short", () => {
    const view = {
      accountKeys: ["compr6CUsB5m2jS4Y3831ztGSTnDpnKJTKS95d64XVq"],
      innerInstructions: [
        {
          index: 0,
          instructions: [
            {
              programIdIndex: 0,
              accounts: [],
              data: Uint8Array.from([
                0xb4, 0x8f, 0x9f, 0x99, 0x23, 0x2e, 0xf8, 0xa3, 9, 0, 0, 0, 1,
              ]),
            },
          ],
        },
      ],
    };
    expect(() => parseAppendedLeaves(view)).toThrow(LightDecodeError);
  });
});

describe("tree root", () => {
  it("a tree rebuilt off chain has the on-chain root, found in the root history", async () => {
    const tree = new LocalTree();
    tree.appendAll(leaves);
    const state = readRootHistory(treeData());
    expect(state.nextIndex).toBe(2 * ROUNDS);
    expect(Buffer.from(tree.root())).toEqual(Buffer.from(state.currentRoot));
    expect(isRootInHistory(svm, tree.root())).toBe(true);
    expect(isRootInHistory(treeData(), tree.root())).toBe(true);
  });

  it("keeps earlier roots in the history, and only roots that existed", async () => {
    const tree = new LocalTree();
    for (const [round, root] of rootsAfterEachTx.entries()) {
      tree.appendAll(leaves.slice(2 * round, 2 * round + 2));
      expect(Buffer.from(tree.root())).toEqual(Buffer.from(root));
      expect(isRootInHistory(svm, root)).toBe(true);
    }
    // Every append made a root, also the first of two in one transaction; a root over a leaf
    // that was never appended is in no history.
    const forged = new LocalTree();
    forged.append(0, Uint8Array.from([0, ...Array<number>(31).fill(1)]));
    expect(isRootInHistory(svm, forged.root())).toBe(false);
  });

  it("proves each leaf's inclusion and rejects a tampered leaf or proof", async () => {
    const tree = new LocalTree();
    tree.appendAll(leaves);
    const root = readRootHistory(treeData()).currentRoot;
    for (const leaf of leaves) {
      const proof = proveInclusion(tree, leaf.leafIndex);
      expect(proof.siblings).toHaveLength(26);
      expect(verifyInclusion(leaf.hash, proof, root)).toBe(true);
    }
    const leaf = leaves[5] as AppendedLeaf;
    const proof = proveInclusion(tree, 5);
    const tampered = Uint8Array.from(leaf.hash);
    tampered[31] = (tampered[31] as number) ^ 1;
    expect(verifyInclusion(tampered, proof, root)).toBe(false);
    expect(verifyInclusion(leaf.hash, { ...proof, leafIndex: 4 }, root)).toBe(false);
    const siblings = proof.siblings.map((s) => Uint8Array.from(s));
    const first = siblings[0] as Uint8Array;
    first[31] = (first[31] as number) ^ 1;
    expect(verifyInclusion(leaf.hash, { ...proof, siblings }, root)).toBe(false);
    expect(verifyInclusion(leaf.hash, proof, new Uint8Array(32))).toBe(false);
  });

  it("refuses leaves out of order and proofs for leaves it does not hold", async () => {
    const tree = new LocalTree();
    expect(() => tree.append(1, (leaves[1] as AppendedLeaf).hash)).toThrow(LeafOrderError);
    tree.append(0, (leaves[0] as AppendedLeaf).hash);
    expect(Buffer.from(tree.leaf(0))).toEqual(Buffer.from((leaves[0] as AppendedLeaf).hash));
    expect(() => tree.leaf(1)).toThrow(LeafOutOfRangeError);
    expect(() => proveInclusion(tree, 1)).toThrow(LeafOutOfRangeError);
    expect(tree.size).toBe(1);
  });
});
