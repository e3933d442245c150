import { randomBytes } from "node:crypto";
import { Kvm } from "@nats-io/kv";
import { pdas } from "@pod/program";
import {
  buildReady,
  channelId,
  KV_BUCKETS,
  signInvite,
  toBase58,
  type ReadyPayload,
} from "@pod/protocol";
import type { RunningService } from "@pod/runtime";
import { getJson } from "@pod/runtime/testing";
import { PublicKey } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentPda, channelPdaOfId, membershipPda, messagePda } from "../src/plan/accounts.js";
import {
  authorityOf,
  bundlerEnv,
  decoded,
  eventsFor,
  landedContents,
  leavesByEnvelope,
  publishReady,
  recordEvents,
  startBundler,
} from "./support/fixture.js";
import { agent, CID, direct, inline, registration, sign } from "./support/requests.js";

const env = bundlerEnv();
let bundler: RunningService<unknown>;

const keysOf = (records: ReadyPayload[]) => records.map((r) => r.record.requestKey);
const hex = (bytes: number[] | Uint8Array) => Buffer.from(bytes).toString("hex");

describe("tx-bundler against the local chain", () => {
  beforeAll(async () => {
    bundler = await startBundler(env.env());
  }, 60_000);
  afterAll(async () => {
    await bundler?.stop("test over");
  });

  const alice = agent();
  const bob = agent();
  const carol = agent();
  const dave = agent();
  const erin = agent();
  const relay = agent();

  it("bootstrap initializes the protocol, lists the authority as a relayer and is ready", async () => {
    const protocol = await decoded<{ relayers: PublicKey[] }>(
      env.connection,
      "Protocol",
      pdas.protocol(),
    );
    const authority = authorityOf(env.data.path).publicKey.toBase58();
    expect(protocol?.relayers.map((r) => r.toBase58())).toContain(authority);
    const ready = await getJson(`${bundler.http.url}/readyz`);
    expect(ready.status).toBe(200);
    const checks = (ready.body as { checks: { name: string; ok: boolean }[] }).checks;
    expect(
      checks.filter((c) => ["chain", "protocol", "relayer", "fee_payers"].includes(c.name)),
    ).toHaveLength(4);
  });

  it("register_agent and register_agents land as Agent accounts with their commitments", async () => {
    const singles = [alice, bob, carol].map((a) => registration(a));
    const batch = buildReady(
      sign(relay, "register_agents", {
        registrations: [dave, erin].map((a) =>
          sign(a, "register_agent", { capabilities: "3", metadataUri: "ipfs://batch" }),
        ),
      }),
      "direct",
    );
    const all = [...singles, batch];
    for (const r of all) await publishReady(env.bus, r);
    const events = await eventsFor(env.bus, keysOf(all));
    expect(events.failed).toEqual([]);
    for (const [i, a] of [alice, bob, carol].entries()) {
      const acc = await decoded<{ agent: PublicKey; metadata_uri: string; commitment: number[] }>(
        env.connection,
        "Agent",
        agentPda(a.address),
      );
      expect(acc?.agent.toBase58()).toBe(a.address);
      expect(acc?.metadata_uri).toBe("ipfs://agent");
      expect(hex(acc!.commitment)).toBe(singles[i]!.commitment);
    }
    for (const a of [dave, erin]) {
      const acc = await decoded<{ metadata_uri: string }>(
        env.connection,
        "Agent",
        agentPda(a.address),
      );
      expect(acc?.metadata_uri).toBe("ipfs://batch");
    }
    const batchEvent = events.confirmed.find((e) => e.requestKey === batch.record.requestKey);
    expect(batchEvent?.registered).toEqual([dave.address, erin.address]);
    const single = events.confirmed.find((e) => e.requestKey === singles[0]!.record.requestKey);
    expect(single?.registered).toEqual([alice.address]);
    expect(single?.lamportsPerMessage).toBeGreaterThan(0);
    expect(single?.computeUnits).toBeGreaterThan(0);
  });

  const room = `room-${Date.now()}`;
  const club = `club-${Date.now()}`;
  let dm: ReadyPayload;
  let compressedInline: ReadyPayload;
  let compressedCid: ReadyPayload;
  let channelCompressed: ReadyPayload;
  let channelDirect: ReadyPayload;

  it("every other op, published at once, lands in stream order as decoded state and events", async () => {
    const update = buildReady(
      sign(alice, "update_agent", { metadataUri: "ipfs://alice-v2" }),
      "direct",
    );
    const createRoom = buildReady(
      sign(alice, "create_channel", { name: room, visibility: "public", maxParticipants: 5 }),
      "direct",
    );
    const createClub = buildReady(
      sign(bob, "create_channel", { name: club, visibility: "invite_only", maxParticipants: 5 }),
      "direct",
    );
    const joinRoom = buildReady(sign(bob, "join_channel", { channel: channelId(room) }), "direct");
    const joinCarol = buildReady(
      sign(carol, "join_channel", { channel: channelId(room) }),
      "direct",
    );
    const invite = signInvite(channelId(club), carol.address, Date.now() + 60_000, bob);
    const joinClub = buildReady(
      sign(carol, "join_channel", { channel: channelId(club), invite }),
      "direct",
    );
    compressedInline = direct(alice, bob, "hello bob, compressed inline");
    compressedCid = direct(alice, bob, "large content stored in ipfs", "compressed", { cid: CID });
    dm = direct(
      alice,
      bob,
      "an expiring direct message",
      "direct",
      inline("an expiring direct message"),
      Date.now() + 3_600_000,
    );
    channelCompressed = buildReady(
      sign(bob, "post_channel", {
        channel: channelId(room),
        content: { text: "hi room" },
        contentType: "text/plain",
      }),
      "inline",
      inline("hi room"),
    );
    channelDirect = buildReady(
      sign(bob, "post_channel", {
        channel: channelId(room),
        content: { text: "pinned" },
        contentType: "text/plain",
      }),
      "direct",
      { cid: CID },
    );
    const mark = buildReady(
      sign(bob, "mark_message", { message: dm.record.requestKey, status: "read" }),
      "direct",
    );
    const leave = buildReady(sign(carol, "leave_channel", { channel: channelId(room) }), "direct");
    const all = [
      update,
      createRoom,
      createClub,
      joinRoom,
      joinCarol,
      joinClub,
      compressedInline,
      compressedCid,
      dm,
      channelCompressed,
      channelDirect,
      mark,
      leave,
    ];
    for (const r of all) await publishReady(env.bus, r);
    const events = await eventsFor(env.bus, keysOf(all));
    expect(events.failed.filter((e) => keysOf(all).includes(e.requestKey))).toEqual([]);

    const alic = await decoded<{ metadata_uri: string; capabilities: { toString(): string } }>(
      env.connection,
      "Agent",
      agentPda(alice.address),
    );
    expect(alic?.metadata_uri).toBe("ipfs://alice-v2");
    expect(alic?.capabilities.toString()).toBe("7");

    const roomAcc = await decoded<{ name: string; participant_count: number; creator: PublicKey }>(
      env.connection,
      "Channel",
      channelPdaOfId(channelId(room)),
    );
    expect(roomAcc?.name).toBe(room);
    expect(roomAcc?.creator.toBase58()).toBe(alice.address);
    // bob joined; carol joined and left
    expect(roomAcc?.participant_count).toBe(1);
    expect(
      await decoded(env.connection, "Membership", membershipPda(channelId(room), bob.address)),
    ).toBeDefined();
    expect(
      await env.connection.getAccountInfo(membershipPda(channelId(room), carol.address)),
    ).toBeNull();
    const clubMember = await decoded<{ agent: PublicKey }>(
      env.connection,
      "Membership",
      membershipPda(channelId(club), carol.address),
    );
    expect(clubMember?.agent.toBase58()).toBe(carol.address);

    const dmAcc = await decoded<{ status: object; commitment: number[]; cid: string | null }>(
      env.connection,
      "Message",
      messagePda(dm.record.requestKey),
    );
    expect(dmAcc?.status).toEqual({ Read: {} });
    expect(hex(dmAcc!.commitment)).toBe(dm.commitment);
    const postAcc = await decoded<{ cid: string | null; recipient: PublicKey }>(
      env.connection,
      "Message",
      messagePda(channelDirect.record.requestKey),
    );
    expect(postAcc?.cid).toBe(CID);
    expect(postAcc?.recipient.toBase58()).toBe(channelPdaOfId(channelId(room)).toBase58());

    // Compressed records: a leaf each with the commitment as envelope hash, content in the memo.
    for (const r of [compressedInline, compressedCid, channelCompressed]) {
      const event = events.confirmed.find((e) => e.requestKey === r.record.requestKey)!;
      expect(event.storage).toBe(r.storage);
      const { leaves, memo } = await landedContents(env.connection, event.signature);
      const at = leaves.findIndex((l) => l.envelopeHash === r.commitment);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(leaves[at]!.sender).toBe((r.record as { sender: string }).sender);
      const entry = memo[at]!;
      if ("cid" in entry) expect(entry.cid).toBe(CID);
      else
        expect(entry.compressedContent).toBe(
          (r.record as { compressedContent: string }).compressedContent,
        );
    }
    // The direct message's content travels in its transaction's memo too.
    const dmEvent = events.confirmed.find((e) => e.requestKey === dm.record.requestKey)!;
    const dmTx = await landedContents(env.connection, dmEvent.signature);
    expect(
      dmTx.memo.some(
        (m) =>
          "compressedContent" in m &&
          m.compressedContent === (dm.record as { compressedContent: string }).compressedContent,
      ),
    ).toBe(true);
    // The message account's rent (289 bytes: 2,902,320 lamports) is shared by its bundle.
    expect(dmEvent.lamportsPerMessage * dmEvent.bundleSize).toBeGreaterThan(2_900_000);
  });

  it("a redelivered or duplicated record lands nothing twice", async () => {
    const authority = authorityOf(env.data.path).publicKey;
    const before = await leavesByEnvelope(env.connection, authority);
    expect(before.get(compressedInline.commitment)).toBe(1);
    // Published again past the stream's dedup (another msg id), twice at once.
    await Promise.all([
      publishReady(env.bus, compressedInline, "again-1"),
      publishReady(env.bus, compressedInline, "again-2"),
      publishReady(env.bus, dm, "again-3"),
    ]);
    // The journal itself forgotten: the chain refuses the per-account message as a duplicate.
    const kv = await new Kvm(env.bus.js).open(KV_BUCKETS.bundlerClaims);
    await kv.delete(channelDirect.record.requestKey);
    await publishReady(env.bus, channelDirect, "again-4");
    await new Promise((r) => setTimeout(r, 3_000));
    const info = await env.bus.jsm.consumers.info("POD_PIPELINE", "tx-bundler");
    expect(info.num_pending + info.num_ack_pending).toBe(0);
    const after = await leavesByEnvelope(env.connection, authority);
    expect(after.get(compressedInline.commitment)).toBe(1);
    expect([...after.values()].every((n) => n === 1)).toBe(true);
    const events = await recordEvents(env.bus);
    for (const r of [compressedInline, dm, channelDirect]) {
      expect(events.confirmed.filter((e) => e.requestKey === r.record.requestKey)).toHaveLength(1);
    }
    const claim = await kv.get(channelDirect.record.requestKey);
    expect(claim?.json<{ event: { alreadyApplied?: boolean } }>().event.alreadyApplied).toBe(true);
  });

  it("a record the chain refuses gets a failed event and does not hold back the rest", async () => {
    const stranger = agent(); // never registered
    const toStranger = direct(alice, stranger, "nobody home", "direct", inline("nobody home"));
    const notMember = buildReady(
      sign(carol, "post_channel", {
        channel: channelId(room),
        content: { text: "let me in" },
        contentType: "text/plain",
      }),
      "direct",
      inline("let me in"),
    );
    const good = [
      direct(bob, alice, "fine 1"),
      direct(bob, alice, "fine 2", "direct", inline("fine 2")),
    ];
    // alice is registered already: another registration of hers with a different body.
    const reRegister = registration(alice, "ipfs://changed-my-mind");
    const all = [toStranger, good[0]!, notMember, good[1]!, reRegister];
    for (const r of all) await publishReady(env.bus, r);
    const events = await eventsFor(env.bus, keysOf(all));
    const failed = new Map(events.failed.map((e) => [e.requestKey, e]));
    expect(failed.get(toStranger.record.requestKey)?.code).toBe("ACCOUNT_OWNER_INVALID");
    expect(failed.get(notMember.record.requestKey)?.code).toBe("NOT_MEMBER");
    expect(failed.get(reRegister.record.requestKey)?.code).toBe("AGENT_ALREADY_REGISTERED");
    for (const g of good) {
      expect(events.confirmed.some((e) => e.requestKey === g.record.requestKey)).toBe(true);
    }
    expect(
      await env.connection.getAccountInfo(messagePda(toStranger.record.requestKey)),
    ).toBeNull();
  });
  it("/metrics reports transactions, records per transaction, compute units and fees", async () => {
    const text = String((await getJson(`${bundler.http.url}/metrics`)).body);
    for (const name of [
      "pod_bundler_tx_sent_total",
      "pod_bundler_tx_confirmed_total",
      "pod_bundler_records_per_tx_bucket",
      "pod_bundler_compute_units_bucket",
      "pod_bundler_fee_lamports_total",
      "pod_bundler_tx_in_flight",
    ]) {
      expect(text).toContain(name);
    }
    const confirmed = /pod_bundler_tx_confirmed_total(?:\{[^}]*\})? (\d+)/.exec(text);
    expect(Number(confirmed?.[1])).toBeGreaterThan(0);
    expect(text).toMatch(/pod_bundler_records_total\{[^}]*outcome="failed"/);
  });
  it("a claim naming a transaction that never landed is waited for, then taken over once it expired", async () => {
    const record = direct(alice, bob, "claimed by an instance that died before sending");
    const kv = await new Kvm(env.bus.js).open(KV_BUCKETS.bundlerClaims);
    const height = await env.connection.getBlockHeight();
    const neverSent = toBase58(randomBytes(64));
    await kv.create(
      record.record.requestKey,
      JSON.stringify({
        state: "sent",
        signature: neverSent,
        blockhash: PublicKey.default.toBase58(),
        lastValidBlockHeight: height + 20,
        bundleSize: 1,
        instance: "gone",
        at: Date.now(),
      }),
    );
    await publishReady(env.bus, record);
    const events = await eventsFor(env.bus, [record.record.requestKey]);
    const event = events.confirmed.find((e) => e.requestKey === record.record.requestKey)!;
    expect(event.signature).not.toBe(neverSent);
    // Signed again only once the claimed transaction could no longer land.
    expect(await env.connection.getBlockHeight()).toBeGreaterThan(height + 20);
    const claim = (await kv.get(record.record.requestKey))!.json<{ signature: string }>();
    expect(claim.signature).toBe(event.signature);
    const leaves = await leavesByEnvelope(env.connection, authorityOf(env.data.path).publicKey);
    expect(leaves.get(record.commitment)).toBe(1);
  });
});
