import { describe, expect, it } from "vitest";
import {
  hashCompressedAccount,
  isRootInHistory,
  LocalTree,
  NULLIFIER_QUEUE_V1,
  readRootHistory,
  STATE_TREE_V1,
} from "@pod/light";
import { createPrivateKey, sign } from "node:crypto";
import { type Keypair, TransactionMessage } from "@solana/web3.js";
import { PACKET_DATA_SIZE } from "@pod/svm";
import {
  DEFAULT_COMPUTE_UNIT_LIMIT,
  RECORDS_PER_LEGACY_TX,
  RECORDS_PER_LOOKUP_TABLE_TX,
} from "../src/limits.js";
import { compressedLookupAddresses } from "../src/lookup-table.js";
import { installLookupTable } from "./support/lookup-table.js";
import { discriminator } from "../build/discriminator.js";
import { coder, PROGRAM_ID } from "../src/program.js";
import {
  compressedMessageData,
  envelopeHash,
  recordDataHash,
  verifyAuthorship,
} from "../src/records.js";
import { eventsOf } from "./support/chain.js";
import { leavesOf, lightPod, treeData } from "./support/light.js";
import { anchorErrorOf, keypair } from "./support/pod.js";
import { records } from "./support/records.js";

const DISC = Buffer.from(discriminator("account", "CompressedMessage"));

describe("compressed messages", () => {
  it("append - every leaf equals the recomputed account hash; the rebuilt root is on chain", async () => {
    const pod = lightPod();
    const tree = await LocalTree.create();
    expect(readRootHistory(treeData(pod)).nextIndex).toBe(0);

    for (let tx = 0; tx < 3; tx++) {
      const batch = records(10, `tx${tx}`);
      const r = pod.ok(pod.appendCompressed(batch, pod.relayer), [pod.relayer]);
      const leaves = leavesOf(r);
      expect(leaves).toHaveLength(10);

      for (const [i, leaf] of leaves.entries()) {
        const record = batch[i]!;
        const data = compressedMessageData(
          record.sender,
          Uint8Array.from(record.envelope_hash),
          BigInt(r.blockTime),
        );
        const account = leaf.account!;
        expect(account.owner.equals(PROGRAM_ID)).toBe(true);
        expect(Buffer.from(account.data!.discriminator)).toEqual(DISC);
        expect(Buffer.from(account.data!.data)).toEqual(data);
        // The program computed the data hash itself; recompute it from the record.
        expect(Buffer.from(account.data!.dataHash)).toEqual(recordDataHash(data));
        const decoded = coder.accounts.decode("CompressedMessage", Buffer.concat([DISC, data]));
        expect(decoded.sender.toBase58()).toBe(record.sender.toBase58());

        const hash = await hashCompressedAccount({
          owner: PROGRAM_ID,
          leafIndex: leaf.leafIndex,
          tree: STATE_TREE_V1,
          data: { discriminator: DISC, dataHash: recordDataHash(data) },
        });
        expect(Buffer.from(leaf.hash)).toEqual(Buffer.from(hash));
        expect(leaf.leafIndex).toBe(tx * 10 + i);
      }
      tree.appendAll(leaves);
      expect(eventsOf(r)[0]).toMatchObject({
        name: "CompressedMessagesAppended",
        data: { count: 10 },
      });
    }

    expect(isRootInHistory(treeData(pod), tree.root())).toBe(true);
    const proof = tree.prove(17);
    expect(tree.verify(tree.leaf(17), proof, tree.root())).toBe(true);
  });

  it("append - an agent may append its own records without a relayer", () => {
    const pod = lightPod();
    const agent = keypair("self-sender");
    const own = records(2, "own").map((r) => ({ ...r, sender: agent.publicKey }));
    const r = pod.ok(pod.appendCompressed(own, agent), [agent]);
    expect(leavesOf(r)).toHaveLength(2);
  });

  it("append - a non-relayer with others' records is refused; the tree is unchanged", () => {
    const pod = lightPod();
    const intruder = keypair("intruder");
    const before = Buffer.from(treeData(pod));
    const r = pod.send(pod.appendCompressed(records(3, "forged"), intruder), [intruder]);
    expect(anchorErrorOf(r)?.error.errorCode.code).toBe("NotRelayer");
    expect(Buffer.from(treeData(pod)).equals(before)).toBe(true);
  });

  it("append - a queue in place of the tree is refused by Light; nothing is appended", () => {
    const pod = lightPod();
    const before = Buffer.from(treeData(pod));
    const ix = pod.appendCompressed(records(2, "q"), pod.relayer);
    ix.keys[11] = { pubkey: NULLIFIER_QUEUE_V1, isSigner: false, isWritable: true };
    const r = pod.send(ix, [pod.relayer]);
    expect(r.ok).toBe(false);
    expect(Buffer.from(treeData(pod)).equals(before)).toBe(true);
  });

  it("append - RECORDS_PER_LEGACY_TX records fit the 1232-byte packet; one more does not", () => {
    const pod = lightPod();
    const n = RECORDS_PER_LEGACY_TX;
    expect(pod.ok(pod.appendCompressed(records(n, "fit"), pod.relayer), [pod.relayer]).ok).toBe(
      true,
    );
    expect(() =>
      pod.send(pod.appendCompressed(records(n + 1, "big"), pod.relayer), [pod.relayer]),
    ).toThrow(/too large/);
  });

  it("append - more than max_batch records is BatchTooLarge", () => {
    const pod = lightPod(2);
    const r = pod.send(pod.appendCompressed(records(3, "over"), pod.relayer), [pod.relayer]);
    expect(anchorErrorOf(r)?.error.errorCode.code).toBe("BatchTooLarge");
  });
});

describe("compressed messages through an address lookup table", () => {
  it("append - the table frees room for more records per packet; leaves still verify", async () => {
    const pod = lightPod();
    const table = installLookupTable(pod.chain.svm, compressedLookupAddresses([STATE_TREE_V1]));
    let n = 10;
    const fits = (k: number) => {
      try {
        const message = new TransactionMessage({
          payerKey: pod.payer.publicKey,
          recentBlockhash: pod.chain.svm.latestBlockhash().blockhash,
          instructions: [pod.appendCompressed(records(k, "alt"), pod.relayer)],
        }).compileToV0Message([table]);
        return 1 + 64 * 2 + message.serialize().length <= PACKET_DATA_SIZE;
      } catch {
        return false;
      }
    };
    while (fits(n + 1)) n++;
    expect(n).toBe(RECORDS_PER_LOOKUP_TABLE_TX);

    const batch = records(n, "alt");
    const { result, bytes } = pod.chain.sendV0(
      [pod.appendCompressed(batch, pod.relayer)],
      [pod.relayer],
      [table],
    );
    expect(result.ok, result.logs.join("\n")).toBe(true);
    expect(Number(result.computeUnitsConsumed)).toBeLessThan(DEFAULT_COMPUTE_UNIT_LIMIT);
    expect(bytes).toBeLessThanOrEqual(PACKET_DATA_SIZE);
    const leaves = leavesOf(result);
    expect(leaves).toHaveLength(n);
    const tree = await LocalTree.create();
    tree.appendAll(leaves);
    expect(isRootInHistory(treeData(pod), tree.root())).toBe(true);
  });
});

describe("authorship of compressed records", () => {
  it("a reader holding the envelope checks the sender signed it; a relayer's forgery fails", () => {
    const pod = lightPod();
    const agent = keypair("author");
    const canonical = Buffer.from('{"op":"message.send","to":"bob","body":"hi"}');
    const signature = sign(null, canonical, ed25519PrivateKey(agent));
    const genuine = {
      sender: agent.publicKey,
      envelope_hash: [...envelopeHash(signature, canonical)],
    };
    // The relayer cannot sign as the agent: it commits to a signature of its own.
    const forgedSig = sign(null, canonical, ed25519PrivateKey(pod.relayer));
    const forged = {
      sender: agent.publicKey,
      envelope_hash: [...envelopeHash(forgedSig, canonical)],
    };

    const r = pod.ok(pod.appendCompressed([genuine, forged], pod.relayer), [pod.relayer]);
    const [first, second] = leavesOf(r).map((l) => l.account!.data!.data);
    const committed = (data: Uint8Array) => data.subarray(32, 64);
    expect(verifyAuthorship(agent.publicKey, committed(first!), { signature, canonical })).toBe(
      true,
    );
    expect(
      verifyAuthorship(agent.publicKey, committed(second!), { signature: forgedSig, canonical }),
    ).toBe(false);
    expect(verifyAuthorship(agent.publicKey, committed(second!), { signature, canonical })).toBe(
      false,
    );
  });
});

/** The Node KeyObject of a web3.js keypair's ed25519 secret (PKCS#8 around its 32-byte seed). */
function ed25519PrivateKey(k: Keypair) {
  const prefix = Buffer.from("302e020100300506032b657004220420", "hex");
  return createPrivateKey({
    key: Buffer.concat([prefix, Buffer.from(k.secretKey.subarray(0, 32))]),
    format: "der",
    type: "pkcs8",
  });
}
