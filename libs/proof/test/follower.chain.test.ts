import { RpcPool } from "@pod/chain";
import { NULLIFIER_QUEUE_V1, readRootHistory, STATE_TREE_V1 } from "@pod/light";
import { PROGRAM_ID } from "@pod/program";
import {
  commitmentOf,
  envelopeFromRecord,
  inclusionProof,
  sha256Of,
  toHex,
  utf8Bytes,
  type ReadyPayload,
} from "@pod/protocol";
import { fakeRpc, forward, forwardMapped, waitFor, type FakeRpc } from "@pod/testing";
import {
  Connection,
  Keypair,
  LAMPORTS_PER_SOL,
  SystemProgram,
  Transaction,
  type PublicKey,
} from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fetchRootHistory,
  TreeFollower,
  verifyInclusion,
  verifyMessageOnChain,
  type RootHistory,
  type VerifyFailureCode,
} from "../src/index.js";
import { startChainWriter, type ChainWriter, type LandedMessage } from "./support/chain-writer.js";
import { compressedDirect, newAgent } from "./support/requests.js";
import { flipDataByte, selfConsistentElsewhere, tampered } from "./support/tamper.js";

let writer: ChainWriter;
const followers: TreeFollower[] = [];
const proxies: FakeRpc[] = [];
const alice = newAgent();
const bob = newAgent();
const landed: LandedMessage[] = [];

function follower(options: Partial<ConstructorParameters<typeof TreeFollower>[0]> = {}) {
  const f = new TreeFollower({ source: writer.connection, pollMs: 200, ...options });
  f.on("error", () => undefined);
  followers.push(f);
  return f;
}

function messages(n: number, tag: string): ReadyPayload[] {
  return Array.from({ length: n }, (_, i) =>
    i % 2 === 0
      ? compressedDirect(alice, bob, `${tag} ${i}: hello bob`)
      : compressedDirect(bob, alice, `${tag} ${i}: hello alice`),
  );
}

async function expectVerified(f: TreeFollower, events: readonly LandedMessage[]) {
  for (const event of events) {
    const proof = f.proofFor(event.commitment);
    expect(proof, `proof of ${event.requestKey}`).toBeDefined();
    expect(inclusionProof.parse(proof)).toEqual(proof);
    expect(proof!.signature).toBe(event.signature);
    expect(proof!.slot).toBe(event.slot);
    await expect(verifyMessageOnChain(writer.connection, { event, proof })).resolves.toEqual({
      ok: true,
    });
  }
}

describe("TreeFollower on the local chain, messages written by the program", () => {
  beforeAll(async () => {
    writer = await startChainWriter();
    // Three transactions append to the tree.
    for (const tag of ["a", "b", "c"]) landed.push(...(await writer.append(messages(4, tag))));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(followers.map((f) => f.stop()));
    await Promise.all(proxies.map((p) => p.close()));
    await writer?.stop();
  });

  it("back-fill - a follower started after 12 messages holds every leaf from 0 and proves each", async () => {
    const f = follower();
    const starts = [f.start(), f.start()];
    expect(starts[1]).toBe(starts[0]);
    await Promise.all(starts);

    const check = await f.checkAgainstChain();
    expect(check).toEqual({ localLeaves: 12, chainLeaves: 12, rootInHistory: true });
    expect(f.status()).toMatchObject({ leaves: 12, provable: 12, pending: 0, backfilled: true });
    expect(new Set(landed.map((e) => e.signature)).size).toBeGreaterThanOrEqual(3);
    await expectVerified(f, landed);
    expect(f.proofFor(toHex(new Uint8Array(32)))).toBeUndefined();
    const upper = landed[0]!.commitment.toUpperCase();
    expect(f.proofFor(upper)).toEqual(f.proofFor(landed[0]!.commitment));
    expect(f.proofFor({ leafIndex: 11 })?.leafIndex).toBe(11);
    expect(f.proofFor({ leafIndex: 12 })).toBeUndefined();

    // One history entry per appended leaf (plus the empty tree's), but only the root after
    // each transaction's batch is kept; the entries of the leaves inside a batch are zero.
    const account = await writer.connection.getAccountInfo(STATE_TREE_V1);
    const history = readRootHistory(account!.data).roots;
    expect(history).toHaveLength(13);
    const roots = history.filter((r) => r.some((b) => b !== 0));
    expect(roots).toHaveLength(4);
    expect(roots.map(toHex)).toContain(toHex(f.root()));
    // verifyMessageOnChain reads only the header and the root ring: the same roots.
    const sliced = await fetchRootHistory(writer.connection, STATE_TREE_V1);
    const sorted = (rs: Uint8Array[]) => rs.map(toHex).sort();
    expect(sliced).toMatchObject({ height: 26 });
    expect(sorted((sliced as RootHistory).roots)).toEqual(sorted(roots));
  });

  it("follow - messages landed while it runs are seen by polling, by logs alone, and by waitForLeaf", async () => {
    const polled = followers[0]!;
    const logsOnly = follower({ pollMs: 0, logs: true });
    await logsOnly.start();

    const advanced: number[] = [];
    polled.on("advanced", ({ leaves }) => advanced.push(leaves));
    const batch = messages(6, "d");
    const waits = batch.map((r) => polled.waitForLeaf(r.commitment, 20_000));
    const events = await writer.append(batch);
    const proofs = await Promise.all(waits);
    proofs.forEach((p, i) => expect(p.signature).toBe(events[i]!.signature));
    expect(advanced.at(-1)).toBe(18);
    await expectVerified(polled, events);

    await waitFor(() => events.every((e) => logsOnly.proofFor(e.commitment) !== undefined), {
      timeoutMs: 10_000,
    });
    await expectVerified(logsOnly, events);
    landed.push(...events);
  });

  it("catch-up - a follower started later through an RpcPool, 5 signatures a page, reaches the same root", async () => {
    const pool = new RpcPool({ urls: [writer.chain.rpcUrl] });
    const late = follower({ source: pool, pageLimit: 5, pollMs: 0, logs: false });
    try {
      await late.start();
      await followers[0]!.sync();
      expect(late.status().leaves).toBe(landed.length);
      expect(toHex(late.root())).toBe(toHex(followers[0]!.root()));
      await expectVerified(late, landed);
    } finally {
      await late.stop();
      pool.close();
    }
  });

  it("restart - a stopped follower started again applies what landed meanwhile", async () => {
    const f = followers[0]!;
    await f.stop();
    expect(f.status().running).toBe(false);
    await expect(f.waitForLeaf(landed[0]!.commitment, 100)).resolves.toBeDefined();

    const events = await writer.append(messages(3, "e"));
    expect(f.proofFor(events[0]!.commitment)).toBeUndefined();
    await f.start();
    await expectVerified(f, events);
    landed.push(...events);
  });

  it("failed transactions - one that mentions the tree is skipped and following goes on", async () => {
    const f = followers[0]!;
    const before = f.status();
    const payer = Keypair.generate();
    await confirm(writer.connection, await writer.connection.requestAirdrop(payer.publicKey, 1e9));
    const signature = await sendFailingTransfer(writer.connection, payer, STATE_TREE_V1);
    const tx = await writer.connection.getTransaction(signature, {
      maxSupportedTransactionVersion: 0,
    });
    expect(tx?.meta?.err).not.toBeNull();

    const events = await writer.append(messages(2, "f"));
    await f.sync();
    expect(f.status().failedTransactions).toBe(before.failedTransactions + 1);
    expect(f.status().leaves).toBe(before.leaves + 2);
    await expectVerified(f, events);
    landed.push(...events);
  });

  it("gaps - a transaction served only on the second ask and one left out of a listing are fetched again", async () => {
    const sigs = [...new Set(landed.map((e) => e.signature))];
    const notServedOnce = sigs[1]!;
    const notListedOnce = sigs[2]!;
    let served = false;
    let listed = false;
    const proxy = await fakeRpc(writer.chain.rpcUrl, (req) => {
      const params = req.params as unknown[];
      if (req.method === "getTransaction" && params[0] === notServedOnce && !served) {
        served = true;
        return forwardMapped((body) => ({ ...(body as object), result: null }));
      }
      if (req.method === "getSignaturesForAddress" && !listed) {
        listed = true;
        return forwardMapped((body) => {
          const b = body as { result: { signature: string }[] };
          return { ...b, result: b.result.filter((s) => s.signature !== notListedOnce) };
        });
      }
      return forward();
    });
    proxies.push(proxy);

    const f = follower({ source: new Connection(proxy.url, "confirmed"), pollMs: 0, logs: false });
    await f.start();
    const asked = (method: string, sig: string) =>
      proxy.requests.filter((r) => r.method === method && (r.params as unknown[])[0] === sig);
    expect(asked("getTransaction", notServedOnce).length).toBeGreaterThanOrEqual(2);
    expect(asked("getTransaction", notListedOnce)).toHaveLength(1);
    expect(f.status()).toMatchObject({ leaves: landed.length, pending: 0, unavailable: 0 });
    await followers[0]!.sync();
    expect(toHex(f.root())).toBe(toHex(followers[0]!.root()));
  });

  it("history - an RPC that never lists the tree's first transaction makes start() fail, not serve a wrong tree", async () => {
    const first = [...new Set(landed.map((e) => e.signature))][0]!;
    const proxy = await fakeRpc(writer.chain.rpcUrl, (req) =>
      req.method === "getSignaturesForAddress"
        ? forwardMapped((body) => {
            const b = body as { result: { signature: string }[] };
            return { ...b, result: b.result.filter((s) => s.signature !== first) };
          })
        : forward(),
    );
    proxies.push(proxy);
    const f = follower({
      source: new Connection(proxy.url, "confirmed"),
      pollMs: 0,
      logs: false,
      backfillTimeoutMs: 1_000,
    });
    await expect(f.start()).rejects.toMatchObject({ code: "PROOF_BACKFILL_INCOMPLETE" });
    expect(f.status()).toMatchObject({ leaves: 0, running: false });
    expect(f.proofFor(landed[0]!.commitment)).toBeUndefined();
  });

  it("tamper - every altered proof fails with the code of the check it breaks", async () => {
    const f = followers[0]!;
    const event = landed[0]!;
    const proof = f.proofFor(event.commitment)!;
    const account = await writer.connection.getAccountInfo(STATE_TREE_V1);
    const treeAccountData = account!.data;
    const check = (p: unknown, commitment = event.commitment) =>
      verifyInclusion({ proof: p, commitment, treeAccountData });

    expect(check(proof)).toEqual({ ok: true });

    // The record as the event carries it rebuilds the signed request with this commitment;
    // changing its text gives another commitment, which the chain's record does not carry.
    const asReady = event as unknown as ReadyPayload;
    expect(commitmentOf(envelopeFromRecord(asReady))).toBe(event.commitment);
    const text = utf8Bytes("a text the sender never signed");
    const forged = {
      ...asReady,
      record: {
        ...asReady.record,
        compressedContent: Buffer.from(text).toString("base64"),
        contentEncoding: "identity",
        contentHash: toHex(sha256Of(text)),
      },
    } as ReadyPayload;
    const forgedCommitment = commitmentOf(envelopeFromRecord(forged));
    expect(forgedCommitment).not.toBe(event.commitment);

    const cases: [string, unknown, VerifyFailureCode, string?][] = [
      ["changed text", proof, "COMMITMENT_MISMATCH", forgedCommitment],
      ["flipped created_at byte", flipDataByte(proof, 70), "DATA_HASH_MISMATCH"],
      ["flipped sender byte", flipDataByte(proof, 3), "DATA_HASH_MISMATCH"],
      ["flipped envelope byte", flipDataByte(proof, 40), "COMMITMENT_MISMATCH"],
      [
        "other data hash",
        tampered(proof, (p) => (p.account.dataHash = "00" + "11".repeat(31))),
        "DATA_HASH_MISMATCH",
      ],
      ["wrong leaf index", tampered(proof, (p) => (p.leafIndex += 1)), "LEAF_MISMATCH"],
      [
        "other owner",
        tampered(proof, (p) => (p.account.owner = Keypair.generate().publicKey.toBase58())),
        "OWNER_MISMATCH",
      ],
      [
        "other discriminator",
        tampered(proof, (p) => (p.account.discriminator = "0102030405060708")),
        "NOT_A_POD_RECORD",
      ],
      [
        "a sibling changed",
        tampered(proof, (p) => (p.siblings[0] = "00" + "22".repeat(31))),
        "ROOT_MISMATCH",
      ],
      ["a root not in history", selfConsistentElsewhere(proof, 20), "ROOT_NOT_ON_CHAIN"],
      ["a level missing", tampered(proof, (p) => p.siblings.pop()), "MALFORMED_PROOF"],
      ["not the schema", { ...proof, leaf: "zz" }, "MALFORMED_PROOF"],
    ];
    for (const [name, p, code, commitment] of cases) {
      const result = check(p, commitment);
      expect(result, name).toMatchObject({ ok: false, code });
    }
    expect(
      verifyInclusion({ proof, commitment: event.commitment, treeAccountData: new Uint8Array(64) }),
    ).toMatchObject({
      ok: false,
      code: "TREE_ACCOUNT_INVALID",
    });

    const otherSender = { ...event, record: { ...event.record, sender: bob.address } };
    const sentByAlice = event.agent === alice.address;
    await expect(
      verifyMessageOnChain(writer.connection, {
        event: sentByAlice
          ? otherSender
          : { ...event, record: { ...event.record, sender: alice.address } },
        proof,
      }),
    ).resolves.toMatchObject({ ok: false, code: "SENDER_MISMATCH" });
    await expect(
      verifyMessageOnChain(writer.connection, {
        event,
        proof: tampered(proof, (p) => (p.tree = PROGRAM_ID.toBase58())),
      }),
    ).resolves.toMatchObject({ ok: false, code: "TREE_ACCOUNT_INVALID" });
    await expect(
      verifyMessageOnChain(writer.connection, {
        event,
        proof: tampered(proof, (p) => (p.tree = NULLIFIER_QUEUE_V1.toBase58())),
      }),
    ).resolves.toMatchObject({ ok: false, code: "TREE_ACCOUNT_INVALID" });
    await expect(verifyMessageOnChain(writer.connection, { event })).resolves.toMatchObject({
      ok: false,
      code: "MALFORMED_PROOF",
    });
  });
});

async function confirm(connection: Connection, signature: string) {
  const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash();
  await connection.confirmTransaction({ signature, blockhash, lastValidBlockHeight });
}

/** A transfer of more than the payer holds, naming the tree: it lands failed, fee charged. */
async function sendFailingTransfer(connection: Connection, payer: Keypair, tree: PublicKey) {
  const ix = SystemProgram.transfer({
    fromPubkey: payer.publicKey,
    toPubkey: Keypair.generate().publicKey,
    lamports: 1_000 * LAMPORTS_PER_SOL,
  });
  ix.keys.push({ pubkey: tree, isSigner: false, isWritable: false });
  const tx = new Transaction().add(ix);
  tx.feePayer = payer.publicKey;
  tx.recentBlockhash = (await connection.getLatestBlockhash()).blockhash;
  tx.sign(payer);
  const signature = await connection.sendRawTransaction(tx.serialize(), { skipPreflight: true });
  await waitFor(async () => (await connection.getSignatureStatus(signature)).value !== null, {
    timeoutMs: 10_000,
  });
  return signature;
}
