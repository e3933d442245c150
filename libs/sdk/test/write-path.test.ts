import { randomBytes } from "node:crypto";
import { TreeFollower } from "@pod/proof";
import {
  channelId,
  contentHashOf,
  generateKeypair,
  sha256Of,
  toBase64,
  type RecordConfirmedEvent,
} from "@pod/protocol";
import { Connection } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ContentFetchError,
  parseCid,
  rawCidOf,
  RejectedError,
  SchemaInvalidRejectedError,
  StaleTimestampRejectedError,
  TextInvalidRejectedError,
  UnknownAgentRejectedError,
  type PodClient,
} from "../src/index.js";
import { startSdkStack, type SdkStack } from "./support/stack.js";

// One stack for the file (the write path: nats, local chain, ingest, compression,
// ipfs-storage, tx-bundler); the tests run in order and build on each other's state.
let s: SdkStack;
let alice: PodClient;
let bob: PodClient;
let follower: TreeFollower;
const room = `sdk-room-${Date.now()}`;

beforeAll(async () => {
  s = await startSdkStack();
  [alice, bob] = await Promise.all([s.client(), s.client()]);
  // Polling only: the follower needs no WebSocket to the chain here.
  follower = new TreeFollower({
    source: new Connection(s.stack.rpcUrl, "confirmed"),
    pollMs: 200,
    logs: false,
  });
  await follower.start();
}, 180_000);
afterAll(async () => {
  await follower?.stop();
  await s?.stop();
});

const TRACE_ID = /^[0-9a-f]{32}$/;

describe("typed helpers, from an agent's call to decoded chain state", () => {
  it("registerAgent - with confirm resolves with receipt and event; getAgent decodes the account", async () => {
    const [a, b] = await Promise.all([
      alice.registerAgent(
        { capabilities: 5n, metadataUri: "https://a.example" },
        { confirm: true },
      ),
      bob.registerAgent({}, { confirm: true, timeoutMs: 60_000 }),
    ]);
    expect(a.receipt.traceId).toMatch(TRACE_ID);
    expect(a.event).toMatchObject({ op: "register_agent", requestKey: a.receipt.requestKey });
    const account = await alice.getAgent();
    expect(account).toMatchObject({
      agent: alice.agent,
      capabilities: "5",
      metadataUri: "https://a.example",
      commitment: a.event.commitment,
    });
    expect((await bob.getAgent(bob.agent))?.commitment).toBe(b.event.commitment);
    expect(await alice.getAgent(generateKeypair().address)).toBeUndefined();
  });

  it("updateAgent - without confirm resolves with the receipt; the account changes, the URI stays", async () => {
    const receipt = await alice.updateAgent({ capabilities: "9" });
    expect(receipt).toMatchObject({ requestKey: expect.any(String), traceId: TRACE_ID });
    expect("event" in receipt).toBe(false);
    await alice.waitFor(receipt.requestKey);
    expect(await alice.getAgent()).toMatchObject({
      capabilities: "9",
      metadataUri: "https://a.example",
    });
  });

  it("createChannel - getChannel by name and by id decode the same account; the creator is a member", async () => {
    const { event } = await alice.createChannel(
      { name: room, maxParticipants: 8 },
      { confirm: true },
    );
    expect(event.op).toBe("create_channel");
    const byName = await alice.getChannel(room);
    expect(byName).toMatchObject({
      id: channelId(room),
      name: room,
      creator: alice.agent,
      visibility: "public",
      closed: false,
      maxParticipants: 8,
    });
    expect(await bob.getChannel(channelId(room))).toEqual(byName);
    expect(await alice.getChannel(`no-such-${room}`)).toBeUndefined();
  });

  it("joinChannel - by channel id: bob's Membership exists and the channel counts him", async () => {
    const before = (await alice.getChannel(room))!.participantCount;
    await bob.joinChannel({ channel: channelId(room) }, { confirm: true });
    const membership = await bob.getMembership(room);
    expect(membership).toMatchObject({
      agent: bob.agent,
      channelAddress: (await bob.getChannel(room))!.address,
    });
    expect((await alice.getChannel(room))!.participantCount).toBe(before + 1);
  });

  it("postChannel - by name, text content: the confirmed record names the channel and the content hash", async () => {
    const { receipt, event } = await bob.postChannel(
      { channel: room, text: "hello room" },
      { confirm: true },
    );
    expect(event.op).toBe("post_channel");
    if (event.op !== "post_channel") return;
    expect(event.requestKey).toBe(receipt.requestKey);
    expect(event.record).toMatchObject({
      channel: channelId(room),
      sender: bob.agent,
      contentType: "text/plain",
      contentHash: contentHashOf({ text: "hello room" }),
    });
  });

  it("sendDirect and markMessage - bytes with expiry land as a Message account; the recipient marks it read", async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252]);
    const { receipt, event } = await alice.sendDirect(
      { to: bob.agent, bytes, expiresAt: Date.now() + 3_600_000 },
      { confirm: true },
    );
    expect(event.storage).toBe("direct");
    const sent = await bob.getMessage(receipt.requestKey);
    expect(sent).toMatchObject({
      sender: alice.agent,
      recipient: bob.agent,
      recipientKind: "agent",
      status: "sent",
      contentHash: contentHashOf({ bytes: Buffer.from(bytes).toString("base64") }),
    });
    await bob.markMessage({ message: receipt.requestKey, status: "read" }, { confirm: true });
    expect((await bob.getMessage(receipt.requestKey))?.status).toBe("read");
  });

  it("leaveChannel - by name: the membership is gone", async () => {
    await bob.leaveChannel({ channel: room }, { confirm: true });
    expect(await bob.getMembership(room)).toBeUndefined();
  });
});

describe("rejections surface as typed errors", () => {
  it("UNKNOWN_AGENT - an unregistered agent's message throws UnknownAgentRejectedError", async () => {
    const stranger = await s.client();
    const error = await stranger.sendDirect({ to: alice.agent, text: "hi" }).catch((e) => e);
    expect(error).toBeInstanceOf(UnknownAgentRejectedError);
    expect(error).toBeInstanceOf(RejectedError);
    expect(error).toMatchObject({ code: "UNKNOWN_AGENT", local: false });
  });

  it("STALE_TIMESTAMP - ingest's verdict on an old request throws StaleTimestampRejectedError", async () => {
    const request = alice.sign(
      "update_agent",
      { capabilities: "1" },
      { ts: Date.now() - 3_600_000 },
    );
    const error = await alice.submitSigned(request).catch((e) => e);
    expect(error).toBeInstanceOf(StaleTimestampRejectedError);
    expect(error).toMatchObject({ code: "STALE_TIMESTAMP", local: false });
  });

  it("TEXT_INVALID - a control character is refused before sending, as the same typed error", async () => {
    const error = await alice.updateAgent({ metadataUri: "https://a\u0007" }).catch((e) => e);
    expect(error).toBeInstanceOf(TextInvalidRejectedError);
    expect(error).toMatchObject({ code: "TEXT_INVALID", local: true, field: "body.metadataUri" });
  });

  it("SCHEMA_INVALID - a recipient that is not a key throws SchemaInvalidRejectedError naming it", async () => {
    const error = await alice.sendDirect({ to: "not-a-key", text: "hi" }).catch((e) => e);
    expect(error).toBeInstanceOf(SchemaInvalidRejectedError);
    expect(error).toMatchObject({ code: "SCHEMA_INVALID", field: "body.to" });
  });
});

// Random bytes do not compress: over the inline limit, so the content goes to IPFS.
const large = new Uint8Array(randomBytes(40_000));
let ipfsEvent: RecordConfirmedEvent;

describe("fetchContent and contentOf", () => {
  it("fetchContent - large content (IPFS class) comes back byte for byte, checked against its CID", async () => {
    const { event } = await alice.sendDirect({ to: bob.agent, bytes: large }, { confirm: true });
    if (event.op !== "send_direct") throw new Error(event.op);
    expect(event.record.cid).toMatch(/^b/);
    ipfsEvent = event;
    const bytes = await bob.fetchContent(event.record.cid!);
    expect(Buffer.from(bytes).equals(Buffer.from(large))).toBe(true);
  });

  it("contentOf - fetches IPFS content of a delivery without content, and returns inline text as text", async () => {
    const fetched = await bob.contentOf({ event: ipfsEvent });
    expect(fetched).toMatchObject({
      source: "ipfs",
      cid: (ipfsEvent.record as { cid: string }).cid,
    });
    expect(Buffer.from(fetched.bytes).equals(Buffer.from(large))).toBe(true);

    const { event } = await alice.sendDirect({ to: bob.agent, text: "short" }, { confirm: true });
    expect(await bob.contentOf({ event })).toMatchObject({ source: "inline", text: "short" });
  });

  it("fetchContent - a CID nobody stored is CONTENT_NOT_FOUND; a malformed one CID_INVALID before asking", async () => {
    // The raw CID of bytes nobody stored, spelled as ipfs-storage spells its CIDs.
    const other = rawCidOf(sha256Of(randomBytes(32)));
    expect(parseCid(other)).toBeDefined();
    const stored = (ipfsEvent.record as { cid: string }).cid;
    expect(rawCidOf(parseCid(stored)!.digest)).toBe(stored);
    const missing = await bob.fetchContent(other).catch((e) => e);
    expect(missing).toBeInstanceOf(ContentFetchError);
    expect(missing.code).toBe("CONTENT_NOT_FOUND");
    const invalid = await bob.fetchContent("not-a-cid").catch((e) => e);
    expect(invalid).toMatchObject({ code: "CID_INVALID" });
  });
});

describe("verifyMessage", () => {
  it("verifyMessage - an inline compressed message with its proof passes every check", async () => {
    const { event } = await alice.sendDirect(
      { to: bob.agent, text: "prove me" },
      { confirm: true },
    );
    expect(event.storage).toBe("inline");
    const proof = await follower.waitForLeaf(event.commitment, 20_000);
    const report = await bob.verifyMessage({ event, proof });
    expect(report).toEqual({
      ok: true,
      signature: "ok",
      content: "ok",
      inclusion: "ok",
      failures: [],
    });

    // A tampered copy: other content under the same record fails content and signature.
    const tampered = await bob.verifyMessage({ event, proof, content: { text: "prove you" } });
    expect(tampered).toMatchObject({ ok: false, content: "failed", signature: "unavailable" });
    expect(tampered.failures[0]).toMatchObject({ check: "content", code: "CONTENT_HASH_MISMATCH" });

    // A forged record: a recipient the agent never signed for.
    const forged = {
      ...event,
      record: { ...event.record, recipient: alice.agent },
    } as typeof event;
    expect(await bob.verifyMessage({ event: forged, proof })).toMatchObject({
      ok: false,
      signature: "failed",
      failures: [expect.objectContaining({ check: "signature", code: "BAD_SIGNATURE" })],
    });

    // A proof whose root is not the tree's: inclusion fails.
    const badRoot = { ...proof, root: "00".repeat(32) };
    const report2 = await bob.verifyMessage({ event, proof: badRoot });
    expect(report2).toMatchObject({ ok: false, signature: "ok", inclusion: "failed" });
  });

  it("verifyMessage - IPFS content is fetched to check the signature; a per-account message has no tree proof", async () => {
    const proof = await follower.waitForLeaf(ipfsEvent.commitment, 20_000);
    expect(await bob.verifyMessage({ event: ipfsEvent, proof })).toMatchObject({
      ok: true,
      content: "ok",
      signature: "ok",
      inclusion: "ok",
    });
    const withBytes = await bob.verifyMessage({ event: ipfsEvent, proof }, large);
    expect(withBytes.ok).toBe(true);

    const { event } = await alice.sendDirect(
      { to: bob.agent, bytes: toBase64(new Uint8Array([1, 2, 3])), expiresAt: Date.now() + 60_000 },
      { confirm: true },
    );
    expect(await bob.verifyMessage({ event })).toMatchObject({
      ok: true,
      signature: "ok",
      inclusion: "not-compressed",
    });
  });
});
