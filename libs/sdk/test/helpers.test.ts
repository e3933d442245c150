import { channelId, contentHashOf, generateKeypair } from "@pod/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  RejectedError,
  SchemaInvalidRejectedError,
  StaleTimestampRejectedError,
  TextInvalidRejectedError,
  UnknownAgentRejectedError,
  type PodClient,
} from "../src/index.js";
import { startSdkStack, type SdkStack } from "./support/stack.js";

// One stack for the file; the tests run in order and build on each other's state.
let s: SdkStack;
let alice: PodClient;
let bob: PodClient;
const room = `sdk-room-${Date.now()}`;

beforeAll(async () => {
  s = await startSdkStack();
  [alice, bob] = await Promise.all([s.client(), s.client()]);
}, 180_000);
afterAll(() => s?.stop());

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
