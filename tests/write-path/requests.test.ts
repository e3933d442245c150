import {
  channelId,
  channelIdBytes,
  commitmentOf,
  contentHashOf,
  generateKeypair,
  newRequestId,
  PROTOCOL_VERSION,
  requestKeyBytes,
  requestKeyOf,
  signRequest,
  utf8Bytes,
  type RecordConfirmedEvent,
  type SignedRequest,
} from "@pod/protocol";
import { RecordFailedError, type PodClient } from "@pod/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hex, memoContent, memoEntryOf } from "./support/chain.js";
import { startWritePath, type WritePath } from "./support/stack.js";

// One stack for the file; the tests run in order and build on each other's state
// (agents registered first, then a channel, then messages in it).
let wp: WritePath;
beforeAll(async () => {
  wp = await startWritePath();
}, 240_000);
afterAll(() => wp?.stop());

let alice: PodClient;
let bob: PodClient;
let carol: PodClient;
const room = `e2e-room-${Date.now()}`;
let directRequest: SignedRequest;

async function land(client: PodClient, request: SignedRequest): Promise<RecordConfirmedEvent> {
  const receipt = await client.submitSigned(request);
  expect(receipt.requestKey).toBe(requestKeyOf(request));
  const event = await client.waitFor(receipt.requestKey);
  expect(event).toMatchObject({
    op: request.op,
    agent: request.agent,
    requestKey: receipt.requestKey,
  });
  // The event's figures are the landed transaction's, as the chain reports them.
  const tx = await wp.chain.transaction(event.signature);
  expect(tx.err).toBeNull();
  expect({ slot: event.slot, fee: event.feeLamports, cu: event.computeUnits }).toEqual({
    slot: tx.slot,
    fee: tx.feeLamports,
    cu: tx.computeUnits,
  });
  return event;
}

describe("every request kind, from an agent's publish to decoded state read back from the chain", () => {
  it("register_agent - the Agent account holds the key, capabilities, metadata URI and the request's commitment", async () => {
    alice = await wp.client();
    const request = alice.sign("register_agent", {
      capabilities: "5",
      metadataUri: "https://a.example/alice",
    });
    const event = await land(alice, request);
    expect(event.registered).toEqual([alice.agent]);
    const account = await wp.chain.agent(alice.agent);
    expect(account?.agent.toBase58()).toBe(alice.agent);
    expect(account?.capabilities.toString()).toBe("5");
    expect(account?.metadata_uri).toBe("https://a.example/alice");
    expect(hex(account!.commitment)).toBe(commitmentOf(request));
    const tx = await wp.chain.transaction(event.signature);
    expect(tx.err).toBeNull();
    expect(tx.pod.map((ix) => ix.name)).toContain("register_agent");
  });

  it("register_agents - a relayer's batch registers each signed entry with that entry's commitment", async () => {
    const relayer = await wp.client();
    const keys = [generateKeypair(), generateKeypair()];
    const entries = keys.map((k, i) =>
      signRequest(
        {
          v: PROTOCOL_VERSION,
          id: newRequestId(),
          op: "register_agent",
          ts: Date.now(),
          body: { capabilities: String(i + 1), metadataUri: `https://a.example/${i}` },
        },
        k,
      ),
    );
    const request = relayer.sign("register_agents", { registrations: entries });
    const event = await land(relayer, request);
    expect([...(event.registered ?? [])].sort()).toEqual(keys.map((k) => k.address).sort());
    for (const entry of entries) {
      const account = await wp.chain.agent(entry.agent);
      expect(account?.capabilities.toString()).toBe(entry.body.capabilities);
      expect(hex(account!.commitment)).toBe(commitmentOf(entry));
    }
    // The relayer itself registered nobody of its own.
    expect(await wp.chain.agent(relayer.agent)).toBeUndefined();
    bob = await wp.client(keys[0]);
    carol = await wp.client(keys[1]);
  });

  it("update_agent - a new metadata URI lands and the capabilities stay as they were", async () => {
    const request = alice.sign("update_agent", { metadataUri: "https://a.example/alice-v2" });
    await land(alice, request);
    const account = await wp.chain.agent(alice.agent);
    expect(account?.metadata_uri).toBe("https://a.example/alice-v2");
    expect(account?.capabilities.toString()).toBe("5");
  });

  it("create_channel - the Channel account at ['channel', channel id] names creator, name, visibility and size", async () => {
    const request = alice.sign("create_channel", {
      name: room,
      visibility: "public",
      maxParticipants: 10,
    });
    await land(alice, request);
    const channel = await wp.chain.channel(room);
    expect(channel?.creator.toBase58()).toBe(alice.agent);
    expect(channel?.name).toBe(room);
    expect(hex(channel!.name_hash)).toBe(hex(channelIdBytes(room)));
    expect(Object.keys(channel!.visibility)).toEqual(["Public"]);
    expect(channel?.max_participants).toBe(10);
  });

  it("join_channel - a Membership account for (channel, agent) and one more participant", async () => {
    const before = (await wp.chain.channel(room))!.participant_count;
    await land(bob, bob.sign("join_channel", { channel: channelId(room) }));
    await land(carol, carol.sign("join_channel", { channel: channelId(room) }));
    const membership = await wp.chain.membership(room, bob.agent);
    expect(membership?.agent.toBase58()).toBe(bob.agent);
    expect(membership?.channel.toBase58()).toBe(wp.chain.channelAddress(room).toBase58());
    expect((await wp.chain.channel(room))!.participant_count).toBe(before + 2);
  });

  it("post_channel - a small post is an inline compressed record: the tx appends (sender, envelope hash = commitment) and its memo carries the content", async () => {
    const text = "hello room, this is bob";
    const request = bob.sign("post_channel", {
      channel: channelId(room),
      content: { text },
      contentType: "text/plain",
    });
    const event = await land(bob, request);
    expect(event.storage).toBe("inline");
    const tx = await wp.chain.transaction(event.signature);
    const appended = tx.pod
      .filter((ix) => ix.name === "append_compressed_messages")
      .flatMap(
        (ix) => ix.data.records as { sender: { toBase58(): string }; envelope_hash: number[] }[],
      );
    expect(appended.map((r) => [r.sender.toBase58(), hex(r.envelope_hash)])).toContainEqual([
      bob.agent,
      commitmentOf(request),
    ]);
    const entry = memoEntryOf(tx, commitmentOf(request));
    expect(entry).toBeDefined();
    expect(memoContent(entry!)).toEqual(utf8Bytes(text));
  });

  it("send_direct - with an expiry it is a Message account at ['message', request key]: sender, recipient, content hash, commitment, expiry; the memo carries the content", async () => {
    const text = "a direct note that expires";
    const expiresAt = Date.now() + 3_600_000;
    directRequest = alice.sign("send_direct", {
      to: bob.agent,
      content: { text },
      contentType: "text/plain",
      expiresAt,
    });
    const event = await land(alice, directRequest);
    expect(event.storage).toBe("direct");
    const message = await wp.chain.message(alice.agent, directRequest.id);
    expect(message).toBeDefined();
    expect(hex(message!.request_id)).toBe(hex(requestKeyBytes(alice.agent, directRequest.id)));
    expect(message!.sender.toBase58()).toBe(alice.agent);
    expect(message!.recipient.toBase58()).toBe(bob.agent);
    expect(hex(message!.content_hash)).toBe(contentHashOf({ text }));
    expect(hex(message!.commitment)).toBe(commitmentOf(directRequest));
    expect(Object.keys(message!.status)).toEqual(["Sent"]);
    // The chain stores a TTL in seconds from its own clock at landing: allow for that clock.
    expect(Math.abs(message!.expires_at.toNumber() * 1000 - expiresAt)).toBeLessThanOrEqual(
      1_000 + 60_000,
    );
    const tx = await wp.chain.transaction(event.signature);
    expect(memoContent(memoEntryOf(tx, commitmentOf(directRequest))!)).toEqual(utf8Bytes(text));
  });

  it("send_direct - without an expiry it is a compressed record whose envelope hash is the commitment", async () => {
    const request = carol.sign("send_direct", {
      to: alice.agent,
      content: { text: "compressed hello" },
      contentType: "text/plain",
    });
    const event = await land(carol, request);
    expect(["inline", "compressed"]).toContain(event.storage);
    const tx = await wp.chain.transaction(event.signature);
    expect(memoContent(memoEntryOf(tx, commitmentOf(request))!)).toEqual(
      utf8Bytes("compressed hello"),
    );
    expect(await wp.chain.message(carol.agent, request.id)).toBeUndefined();
  });

  it("mark_message - the recipient marks the direct message read: its account says Read", async () => {
    const request = bob.sign("mark_message", {
      message: requestKeyOf(directRequest),
      status: "read",
    });
    const event = await land(bob, request);
    const message = await wp.chain.message(alice.agent, directRequest.id);
    expect(Object.keys(message!.status)).toEqual(["Read"]);
    const tx = await wp.chain.transaction(event.signature);
    expect(tx.pod.map((ix) => ix.name)).toContain("mark_read");
  });

  it("record.failed - a direct message to an unregistered agent is refused by the chain: RecordFailedError, no Message account", async () => {
    const request = alice.sign("send_direct", {
      to: generateKeypair().address,
      content: { text: "nobody home" },
      contentType: "text/plain",
      expiresAt: Date.now() + 3_600_000,
    });
    const receipt = await alice.submitSigned(request);
    const error = await alice.waitFor(receipt.requestKey).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordFailedError);
    expect((error as RecordFailedError).failureCode).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(await wp.chain.message(alice.agent, request.id)).toBeUndefined();
  });

  it("leave_channel - the Membership account is closed and the channel has one participant less", async () => {
    const before = (await wp.chain.channel(room))!.participant_count;
    await land(carol, carol.sign("leave_channel", { channel: channelId(room) }));
    expect(await wp.chain.membership(room, carol.agent)).toBeUndefined();
    expect((await wp.chain.channel(room))!.participant_count).toBe(before - 1);
  });
});
