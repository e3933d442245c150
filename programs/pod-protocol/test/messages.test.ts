import { describe, expect, it } from "vitest";
import { pdas } from "../src/program.js";
import { eventsOf } from "./support/chain.js";
import { anchorErrorOf, bytes, Pod, requestId } from "./support/pod.js";

interface MessageState {
  request_id: number[];
  sender: { toBase58(): string };
  recipient: { toBase58(): string };
  recipient_kind: Record<string, unknown>;
  message_type: Record<string, unknown>;
  status: Record<string, unknown>;
  content_hash: number[];
  created_at: { toNumber(): number };
  expires_at: { toNumber(): number };
  commitment: number[];
  cid: string | null;
}

const messageOf = (pod: Pod, id: Uint8Array) =>
  pod.chain.fetch<MessageState>("Message", pdas.message(id));
const code = (r: ReturnType<Pod["send"]>) => anchorErrorOf(r)?.error.errorCode.code;

function twoAgents() {
  const pod = Pod.create();
  return { pod, alice: pod.agent("alice"), bob: pod.agent("bob") };
}

describe("direct messages", () => {
  it("send_message - one account per request id with every field, a MessageSent event", () => {
    const { pod, alice, bob } = twoAgents();
    const id = requestId("m1");
    const r = pod.ok(
      pod.sendMessage(id, alice.publicKey, bob.publicKey, pod.relayer, { type: "Data", ttl: 600 }),
      [pod.relayer],
    );
    const m = messageOf(pod, id)!;
    expect(Buffer.from(m.request_id)).toEqual(Buffer.from(id));
    expect(m.sender.toBase58()).toBe(alice.publicKey.toBase58());
    expect(m.recipient.toBase58()).toBe(bob.publicKey.toBase58());
    expect(m.recipient_kind).toEqual({ Agent: {} });
    expect(m.message_type).toEqual({ Data: {} });
    expect(m.status).toEqual({ Sent: {} });
    expect(m.content_hash).toEqual(bytes(0xab));
    expect(m.commitment).toEqual(bytes(0xcd));
    expect(m.cid).toBe("bafkreiexample");
    expect(m.expires_at.toNumber() - m.created_at.toNumber()).toBe(600);
    expect(pod.chain.svm.getAccount(pdas.message(id).toBase58())!.data.length).toBe(289);
    const [event] = eventsOf(r);
    expect(event?.name).toBe("MessageSent");
    expect((event?.data.message as { toBase58(): string }).toBase58()).toBe(
      pdas.message(id).toBase58(),
    );
  });

  it("send_message - without a CID stores None", () => {
    const { pod, alice, bob } = twoAgents();
    const id = requestId("no-cid");
    pod.ok(pod.sendMessage(id, alice.publicKey, bob.publicKey, alice, { cid: null }), [alice]);
    expect(messageOf(pod, id)!.cid).toBeNull();
  });

  it("send_message - the chain refuses a duplicate request id", () => {
    const { pod, alice, bob } = twoAgents();
    const id = requestId("dup");
    pod.ok(pod.sendMessage(id, alice.publicKey, bob.publicKey, alice), [alice]);
    const before = pod.chain.raw(pdas.message(id));
    const again = pod.sendMessage(id, alice.publicKey, bob.publicKey, alice, { ttl: 7 });
    expect(code(pod.send(again, [alice]))).toBe("DuplicateMessage");
    expect(pod.chain.raw(pdas.message(id))).toEqual(before);
  });

  it("send_message - an agent cannot send as another", () => {
    const { pod, alice, bob } = twoAgents();
    const id = requestId("forged");
    const r = pod.send(pod.sendMessage(id, alice.publicKey, bob.publicKey, bob), [bob]);
    expect(code(r)).toBe("NotAgentOrRelayer");
    expect(pod.chain.raw(pdas.message(id))).toBeNull();
  });

  it("mark_delivered then mark_read - forward only, by the recipient", () => {
    const { pod, alice, bob } = twoAgents();
    const id = requestId("status");
    pod.ok(pod.sendMessage(id, alice.publicKey, bob.publicKey, alice), [alice]);
    expect(code(pod.send(pod.markStatus("mark_delivered", id, alice), [alice]))).toBe(
      "NotRecipientOrRelayer",
    );
    const d = pod.ok(pod.markStatus("mark_delivered", id, bob), [bob]);
    expect(messageOf(pod, id)!.status).toEqual({ Delivered: {} });
    expect(eventsOf(d)[0]).toMatchObject({
      name: "MessageStatusChanged",
      data: { status: { Delivered: {} } },
    });
    expect(code(pod.send(pod.markStatus("mark_delivered", id, bob), [bob]))).toBe(
      "StatusTransitionInvalid",
    );
    pod.ok(pod.markStatus("mark_read", id, pod.relayer), [pod.relayer]);
    expect(messageOf(pod, id)!.status).toEqual({ Read: {} });
    expect(code(pod.send(pod.markStatus("mark_read", id, bob), [bob]))).toBe(
      "StatusTransitionInvalid",
    );
  });

  it("mark_read - straight from Sent is allowed", () => {
    const { pod, alice, bob } = twoAgents();
    const id = requestId("read");
    pod.ok(pod.sendMessage(id, alice.publicKey, bob.publicKey, alice), [alice]);
    pod.ok(pod.markStatus("mark_read", id, bob), [bob]);
    expect(messageOf(pod, id)!.status).toEqual({ Read: {} });
  });

  it("close_expired_message - refused before expiry, then rent returns to the payer", () => {
    const { pod, alice, bob } = twoAgents();
    const id = requestId("expiring");
    pod.ok(pod.sendMessage(id, alice.publicKey, bob.publicKey, alice, { ttl: 60 }), [alice]);
    expect(code(pod.send(pod.closeExpired(id)))).toBe("MessageNotExpired");

    const expires = messageOf(pod, id)!.expires_at.toNumber();
    pod.chain.svm.advanceSlots(1, BigInt(expires));
    const rent = pod.chain.svm.getBalance(pdas.message(id).toBase58());
    const before = pod.chain.svm.getBalance(pod.payer.publicKey.toBase58());
    const r = pod.ok(pod.closeExpired(id));
    expect(pod.chain.raw(pdas.message(id))).toBeNull();
    expect(pod.chain.svm.getBalance(pod.payer.publicKey.toBase58())).toBe(before + rent - r.fee);
    expect(eventsOf(r)[0]?.name).toBe("MessageClosed");
  });
});

describe("channel messages", () => {
  it("post_to_channel - a member posts; the message names the channel", () => {
    const { pod, alice, bob } = twoAgents();
    pod.ok(pod.createChannel("general", alice.publicKey, alice), [alice]);
    pod.ok(pod.joinChannel("general", bob.publicKey, bob), [bob]);
    const id = requestId("post");
    const r = pod.ok(pod.postToChannel(id, bob.publicKey, "general", bob), [bob]);
    const m = messageOf(pod, id)!;
    expect(m.recipient.toBase58()).toBe(pdas.channel("general").toBase58());
    expect(m.recipient_kind).toEqual({ Channel: {} });
    expect(eventsOf(r)[0]?.name).toBe("MessageSent");
    expect(code(pod.send(pod.markStatus("mark_read", id, bob), [bob]))).toBe("StatusNotTracked");
  });

  it("post_to_channel - a non-member and a closed channel are refused", () => {
    const { pod, alice, bob } = twoAgents();
    pod.ok(pod.createChannel("general", alice.publicKey, alice), [alice]);
    expect(
      code(
        pod.send(pod.postToChannel(requestId("p1"), alice.publicKey, "general", alice), [alice]),
      ),
    ).toBe("NotMember");
    pod.ok(pod.joinChannel("general", bob.publicKey, bob), [bob]);
    pod.ok(pod.closeChannel("general", alice), [alice]);
    const r = pod.send(pod.postToChannel(requestId("p2"), bob.publicKey, "general", bob), [bob]);
    expect(code(r)).toBe("ChannelClosed");
    expect(pod.chain.raw(pdas.message(requestId("p2")))).toBeNull();
  });
});
