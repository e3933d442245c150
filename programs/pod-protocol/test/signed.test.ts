import { hashCompressedAccount, isRootInHistory, LocalTree, STATE_TREE_V1 } from "@pod/light";
import { describe, expect, it } from "vitest";
import { discriminator } from "../build/discriminator.js";
import { ed25519Instruction } from "../src/ed25519.js";
import { coder, PROGRAM_ID } from "../src/program.js";
import { recordDataHash } from "../src/records.js";
import { eventsOf } from "./support/chain.js";
import { leavesOf, lightPod, treeData } from "./support/light.js";
import { anchorErrorOf, keypair } from "./support/pod.js";
import { signedDigests } from "./support/signing.js";

const DISC = Buffer.from(discriminator("account", "SignedMessage"));

describe("signed messages (signatures verified on chain)", () => {
  it("append_signed_messages - one leaf per verified signature, from any signer; root on chain", async () => {
    const pod = lightPod();
    const submitter = keypair("anyone"); // not a relayer: the signatures are the authorization
    const entries = signedDigests(3, "ok");
    const r = pod.ok([ed25519Instruction(entries), pod.appendSigned(submitter)], [submitter]);

    const leaves = leavesOf(r);
    expect(leaves).toHaveLength(3);
    for (const [i, leaf] of leaves.entries()) {
      const data = leaf.account!.data!;
      expect(Buffer.from(data.discriminator)).toEqual(DISC);
      const decoded = coder.accounts.decode("SignedMessage", Buffer.concat([DISC, data.data]));
      expect(decoded.sender.toBase58()).toBe(entries[i]!.publicKey.toBase58());
      expect(Buffer.from(decoded.request_digest)).toEqual(Buffer.from(entries[i]!.digest));
      expect(Buffer.from(data.dataHash)).toEqual(recordDataHash(data.data));
      const hash = await hashCompressedAccount({
        owner: PROGRAM_ID,
        leafIndex: leaf.leafIndex,
        tree: STATE_TREE_V1,
        data: { discriminator: DISC, dataHash: recordDataHash(data.data) },
      });
      expect(Buffer.from(leaf.hash)).toEqual(Buffer.from(hash));
    }
    const tree = await LocalTree.create();
    tree.appendAll(leaves);
    expect(isRootInHistory(treeData(pod), tree.root())).toBe(true);
    expect(eventsOf(r)[0]).toMatchObject({ name: "SignedMessagesAppended", data: { count: 3 } });
  });

  it("append_signed_messages - a bad signature fails the whole transaction; the tree is unchanged", () => {
    const pod = lightPod();
    const entries = signedDigests(2, "bad");
    entries[1] = { ...entries[1]!, digest: Buffer.alloc(32, 9) }; // signed something else
    const before = Buffer.from(treeData(pod));
    const r = pod.send([ed25519Instruction(entries), pod.appendSigned(pod.relayer)], [pod.relayer]);
    expect(r.ok).toBe(false);
    expect(Buffer.from(treeData(pod)).equals(before)).toBe(true);
  });

  it("append_signed_messages - without the ed25519 instruction before it", () => {
    const pod = lightPod();
    const r = pod.send(pod.appendSigned(pod.relayer), [pod.relayer]);
    expect(anchorErrorOf(r)?.error.errorCode.code).toBe("SignatureInstructionMissing");
  });
});
