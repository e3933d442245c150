import { createHash, randomBytes } from "node:crypto";
import { Keypair, Transaction, TransactionInstruction, type PublicKey } from "@solana/web3.js";
import { loadLight, STATE_TREE_V1 } from "@pod/light";
import { describe, expect, it } from "vitest";
import { podInstruction } from "../src/instructions.js";
import { coder, loadIdl, pdas, PROGRAM_ID } from "../src/program.js";
import { agentArgs, bytes, keypair, Pod, requestId, BN } from "./support/pod.js";
import { records } from "./support/records.js";
import { signedDigests } from "./support/signing.js";
import { ed25519Instruction } from "../src/ed25519.js";

interface Valid {
  name: string;
  ix: TransactionInstruction;
  signers: Keypair[];
  /** Instructions that must precede it (the ed25519 check for signed appends). */
  before?: TransactionInstruction[];
}

/** A populated chain and, for every instruction but initialize, one that would succeed. */
function world(): { pod: Pod; valid: Valid[] } {
  const pod = Pod.create();
  loadLight(pod.chain.svm.svm);
  const { relayer, admin } = pod;
  const alice = pod.agent("alice");
  const bob = pod.agent("bob");
  const carol = keypair("carol");
  pod.ok(pod.createChannel("general", alice.publicKey, alice), [alice]);
  pod.ok(pod.joinChannel("general", bob.publicKey, bob), [bob]);
  pod.ok(pod.sendMessage(requestId("dm"), alice.publicKey, bob.publicKey, alice), [alice]);
  pod.ok(pod.sendMessage(requestId("old"), alice.publicKey, bob.publicKey, alice, { ttl: 1 }), [
    alice,
  ]);
  pod.chain.svm.advanceSlots(1, BigInt(Math.floor(Date.now() / 1000) + 10));

  const agentPda = pdas.agent(alice.publicKey);
  const batch = [keypair("d1").publicKey, keypair("d2").publicKey];
  const valid: Valid[] = [
    {
      name: "add_relayer",
      ix: pod.adminIx("add_relayer", { relayer: carol.publicKey }),
      signers: [admin],
    },
    {
      name: "remove_relayer",
      ix: pod.adminIx("remove_relayer", { relayer: relayer.publicKey }),
      signers: [admin],
    },
    { name: "set_paused", ix: pod.adminIx("set_paused", { paused: true }), signers: [admin] },
    {
      name: "set_admin",
      ix: podInstruction(
        "set_admin",
        {},
        { admin: admin.publicKey, protocol: pdas.protocol(), new_admin: carol.publicKey },
      ),
      signers: [admin, carol],
    },
    {
      name: "update_limits",
      ix: pod.adminIx("update_limits", {
        limits: { max_ttl_secs: 9, max_channel_participants: 9, max_batch: 9 },
      }),
      signers: [admin],
    },
    { name: "register_agent", ix: pod.registerAgent(carol.publicKey, carol), signers: [carol] },
    {
      name: "register_agents",
      ix: podInstruction(
        "register_agents",
        { entries: batch.map((a) => agentArgs(a)) },
        { payer: pod.payer.publicKey, authority: relayer.publicKey, protocol: pdas.protocol() },
        batch.map((a) => ({ pubkey: pdas.agent(a), isSigner: false, isWritable: true })),
      ),
      signers: [relayer],
    },
    {
      name: "update_agent",
      ix: podInstruction(
        "update_agent",
        { capabilities: new BN(5), metadata_uri: "u", commitment: bytes(1) },
        { authority: alice.publicKey, protocol: pdas.protocol(), agent_account: agentPda },
      ),
      signers: [alice],
    },
    {
      name: "close_agent",
      ix: podInstruction(
        "close_agent",
        { commitment: bytes(1) },
        {
          authority: alice.publicKey,
          protocol: pdas.protocol(),
          agent_account: agentPda,
          rent_receiver: pod.payer.publicKey,
        },
      ),
      signers: [alice],
    },
    {
      name: "create_channel",
      ix: pod.createChannel("other", alice.publicKey, alice),
      signers: [alice],
    },
    {
      name: "join_channel",
      ix: pod.joinChannel("general", alice.publicKey, alice),
      signers: [alice],
    },
    { name: "leave_channel", ix: pod.leaveChannel("general", bob.publicKey, bob), signers: [bob] },
    { name: "close_channel", ix: pod.closeChannel("general", alice), signers: [alice] },
    {
      name: "send_message",
      ix: pod.sendMessage(requestId("new"), alice.publicKey, bob.publicKey, alice),
      signers: [alice],
    },
    {
      name: "post_to_channel",
      ix: pod.postToChannel(requestId("post"), bob.publicKey, "general", bob),
      signers: [bob],
    },
    {
      name: "mark_delivered",
      ix: pod.markStatus("mark_delivered", requestId("dm"), bob),
      signers: [bob],
    },
    { name: "mark_read", ix: pod.markStatus("mark_read", requestId("dm"), bob), signers: [bob] },
    { name: "close_expired_message", ix: pod.closeExpired(requestId("old")), signers: [] },
    {
      name: "append_compressed_messages",
      ix: pod.appendCompressed(records(2, "r"), relayer),
      signers: [relayer],
    },
    {
      name: "append_signed_messages",
      ix: pod.appendSigned(relayer),
      signers: [relayer],
      before: [ed25519Instruction(signedDigests(2, "robust"))],
    },
  ];
  return { pod, valid };
}

/** Every program account and the state tree, as one digest. */
function snapshot(pod: Pod): string {
  const h = createHash("sha256");
  for (const { address, account } of pod.chain.svm
    .getProgramAccounts(PROGRAM_ID.toBase58())
    .sort((a, b) => (a.address < b.address ? -1 : 1))) {
    h.update(address).update(account.lamports.toString()).update(account.data);
  }
  h.update(pod.chain.svm.getAccount(STATE_TREE_V1.toBase58())!.data);
  return h.digest("hex");
}

const clone = (ix: TransactionInstruction, keys = ix.keys.map((k) => ({ ...k })), data = ix.data) =>
  new TransactionInstruction({ programId: ix.programId, keys, data: Buffer.from(data) });

/** True when `data` is exactly the Anchor encoding of some args of its instruction. */
function isExactEncoding(data: Buffer): boolean {
  try {
    const decoded = coder.instruction.decode(data);
    return decoded !== null && coder.instruction.encode(decoded.name, decoded.data).equals(data);
  } catch {
    return false;
  }
}

describe("robustness", () => {
  const { pod, valid } = world();

  it("baseline - every instruction of the world would succeed as built", () => {
    const names = [...valid.map((v) => v.name), "initialize"].sort();
    expect(names).toEqual(
      loadIdl()
        .instructions.map((i) => i.name)
        .sort(),
    );
    for (const v of valid) {
      const r = pod.chain.svm.simulate(signed(pod, [...(v.before ?? []), v.ix], v.signers));
      expect(r.ok, `${v.name}: ${JSON.stringify(r.err)}\n${r.logs.join("\n")}`).toBe(true);
    }
  });

  it("wrong accounts - never succeed and never change state", () => {
    const before = snapshot(pod);
    const strangers: PublicKey[] = [Keypair.generate().publicKey, pod.payer.publicKey];
    for (const v of valid) {
      v.ix.keys.forEach((meta, k) => {
        if (meta.isSigner) return;
        const other = meta.pubkey.equals(pdas.protocol())
          ? pdas.agent(keypair("bob").publicKey)
          : pdas.protocol();
        for (const sub of [...strangers, other]) {
          if (sub.equals(meta.pubkey)) continue;
          const keys = v.ix.keys.map((m, i) => (i === k ? { ...m, pubkey: sub } : { ...m }));
          const r = pod.send([...(v.before ?? []), clone(v.ix, keys)], v.signers);
          expect(r.ok, `${v.name}: account ${k} -> ${sub.toBase58()}`).toBe(false);
        }
      });
    }
    expect(snapshot(pod)).toBe(before);
  });

  it("missing signatures - a required signer that did not sign is refused", () => {
    const before = snapshot(pod);
    for (const v of valid) {
      v.ix.keys.forEach((meta, k) => {
        if (!meta.isSigner || meta.pubkey.equals(pod.payer.publicKey)) return;
        const keys = v.ix.keys.map((m, i) => (i === k ? { ...m, isSigner: false } : { ...m }));
        const signers = v.signers.filter((s) => !s.publicKey.equals(meta.pubkey));
        const r = pod.send([...(v.before ?? []), clone(v.ix, keys)], signers);
        expect(r.ok, `${v.name}: signer ${k}`).toBe(false);
      });
    }
    expect(snapshot(pod)).toBe(before);
  });

  it("garbage data - anything that is not an exact Anchor encoding fails and changes nothing", () => {
    const before = snapshot(pod);
    for (const v of valid) {
      const good = v.ix.data;
      const variants = [
        good.subarray(0, 0),
        good.subarray(0, 4),
        good.subarray(0, 8),
        good.subarray(0, good.length - 1),
        good.subarray(0, Math.max(8, good.length >> 1)),
        Buffer.concat([good, Buffer.from([0])]),
        Buffer.concat([good, randomBytes(32)]),
        Buffer.concat([
          Buffer.from(good.subarray(0, 7)),
          Buffer.from([good[7]! ^ 1]),
          good.subarray(8),
        ]),
        ...Array.from({ length: 8 }, () =>
          Buffer.concat([good.subarray(0, 8), randomBytes(Math.floor(Math.random() * 160))]),
        ),
      ];
      for (const data of variants) {
        if (isExactEncoding(Buffer.from(data))) continue;
        const r = pod.send([...(v.before ?? []), clone(v.ix, undefined, data)], v.signers);
        expect(r.ok, `${v.name}: ${Buffer.from(data).toString("hex")}`).toBe(false);
      }
    }
    expect(snapshot(pod)).toBe(before);
  });
});

function signed(pod: Pod, ixs: TransactionInstruction[], signers: Keypair[]): Uint8Array {
  const tx = new Transaction().add(...ixs);
  tx.feePayer = pod.payer.publicKey;
  tx.recentBlockhash = pod.chain.svm.latestBlockhash().blockhash;
  tx.sign(pod.payer, ...signers.filter((s) => !s.publicKey.equals(pod.payer.publicKey)));
  return tx.serialize();
}

describe("robustness of initialize", () => {
  it("wrong accounts and garbage data never create the protocol state", () => {
    const pod = Pod.create({ init: false });
    const good = pod.initialize();
    good.keys.forEach((meta, k) => {
      if (meta.isSigner) return;
      for (const sub of [
        Keypair.generate().publicKey,
        pod.payer.publicKey,
        pdas.agent(pod.admin.publicKey),
      ]) {
        if (sub.equals(meta.pubkey)) continue;
        const keys = good.keys.map((m, i) => (i === k ? { ...m, pubkey: sub } : { ...m }));
        expect(pod.send(clone(good, keys), [pod.admin]).ok, `account ${k}`).toBe(false);
      }
    });
    for (const data of [good.data.subarray(0, 12), Buffer.concat([good.data, Buffer.from([1])])]) {
      expect(pod.send(clone(good, undefined, data), [pod.admin]).ok).toBe(false);
    }
    const zeroBatch = Buffer.from(good.data);
    zeroBatch.writeUInt16LE(0, 16);
    expect(pod.send(clone(good, undefined, zeroBatch), [pod.admin]).ok).toBe(false);
    expect(pod.chain.raw(pdas.protocol())).toBeNull();
    pod.ok(good, [pod.admin]);
  });
});
