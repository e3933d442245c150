import { describe, expect, it } from "vitest";
import { channelNameHash, pdas } from "../src/program.js";
import { eventsOf } from "./support/chain.js";
import { anchorErrorOf, Pod } from "./support/pod.js";

interface ChannelState {
  creator: { toBase58(): string };
  name_hash: number[];
  visibility: Record<string, unknown>;
  closed: boolean;
  max_participants: number;
  participant_count: number;
  name: string;
}

const channelOf = (pod: Pod, name: string) =>
  pod.chain.fetch<ChannelState>("Channel", pdas.channel(name));
const code = (r: ReturnType<Pod["send"]>) => anchorErrorOf(r)?.error.errorCode.code;

// 64 bytes: twice the 32-byte seed limit that stopped long names before.
const LONG_NAME = "a-channel-name-that-is-exactly-sixty-four-bytes-long-0123456789!";

describe("channels", () => {
  it("create_channel - a 64-byte name works; the seed is its sha256", () => {
    const pod = Pod.create();
    const alice = pod.agent("alice");
    expect(Buffer.byteLength(LONG_NAME)).toBe(64);
    const r = pod.ok(pod.createChannel(LONG_NAME, alice.publicKey, alice), [alice]);
    const ch = channelOf(pod, LONG_NAME)!;
    expect(ch.name).toBe(LONG_NAME);
    expect(Buffer.from(ch.name_hash)).toEqual(channelNameHash(LONG_NAME));
    expect(ch.creator.toBase58()).toBe(alice.publicKey.toBase58());
    expect(ch.visibility).toEqual({ Public: {} });
    expect(ch.participant_count).toBe(0);
    expect(pod.chain.svm.getAccount(pdas.channel(LONG_NAME).toBase58())!.data.length).toBe(191);
    expect(eventsOf(r)[0]?.name).toBe("ChannelCreated");
  });

  it("join / leave / rejoin - counts follow, leaving closes the membership, rejoining works", () => {
    const pod = Pod.create();
    const alice = pod.agent("alice");
    const bob = pod.agent("bob");
    pod.ok(pod.createChannel("general", alice.publicKey, alice), [alice]);
    const membership = pdas.membership(pdas.channel("general"), bob.publicKey);

    const joined = pod.ok(pod.joinChannel("general", bob.publicKey, bob), [bob]);
    expect(channelOf(pod, "general")!.participant_count).toBe(1);
    const m = pod.chain.fetch<{ agent: { toBase58(): string } }>("Membership", membership)!;
    expect(m.agent.toBase58()).toBe(bob.publicKey.toBase58());
    expect(eventsOf(joined)[0]).toMatchObject({
      name: "ChannelJoined",
      data: { participant_count: 1 },
    });

    const left = pod.ok(pod.leaveChannel("general", bob.publicKey, bob), [bob]);
    expect(channelOf(pod, "general")!.participant_count).toBe(0);
    expect(pod.chain.raw(membership)).toBeNull();
    expect(eventsOf(left)[0]).toMatchObject({
      name: "ChannelLeft",
      data: { participant_count: 0 },
    });

    pod.ok(pod.joinChannel("general", bob.publicKey, bob), [bob]);
    expect(channelOf(pod, "general")!.participant_count).toBe(1);
  });

  it("join_channel - twice is AlreadyMember; beyond the limit is ChannelFull", () => {
    const pod = Pod.create();
    const alice = pod.agent("alice");
    const bob = pod.agent("bob");
    const carol = pod.agent("carol");
    pod.ok(pod.createChannel("small", alice.publicKey, alice, false, 1), [alice]);
    pod.ok(pod.joinChannel("small", bob.publicKey, bob), [bob]);
    expect(code(pod.send(pod.joinChannel("small", bob.publicKey, bob), [bob]))).toBe(
      "AlreadyMember",
    );
    expect(code(pod.send(pod.joinChannel("small", carol.publicKey, carol), [carol]))).toBe(
      "ChannelFull",
    );
  });

  it("invite-only - an agent cannot add itself; the creator or a relayer adds it", () => {
    const pod = Pod.create();
    const alice = pod.agent("alice");
    const bob = pod.agent("bob");
    const carol = pod.agent("carol");
    pod.ok(pod.createChannel("private", alice.publicKey, alice, true), [alice]);
    expect(code(pod.send(pod.joinChannel("private", bob.publicKey, bob), [bob]))).toBe(
      "InviteRequired",
    );
    pod.ok(pod.joinChannel("private", bob.publicKey, alice), [alice]);
    pod.ok(pod.joinChannel("private", carol.publicKey, pod.relayer), [pod.relayer]);
    expect(channelOf(pod, "private")!.participant_count).toBe(2);
  });

  it("leave_channel - another agent cannot remove a member", () => {
    const pod = Pod.create();
    const alice = pod.agent("alice");
    const bob = pod.agent("bob");
    pod.ok(pod.createChannel("general", alice.publicKey, alice), [alice]);
    pod.ok(pod.joinChannel("general", bob.publicKey, bob), [bob]);
    expect(code(pod.send(pod.leaveChannel("general", bob.publicKey, alice), [alice]))).toBe(
      "NotAgentOrRelayer",
    );
    expect(channelOf(pod, "general")!.participant_count).toBe(1);
  });

  it("close_channel - with members it closes to joins and posts; once empty it is deleted", () => {
    const pod = Pod.create();
    const alice = pod.agent("alice");
    const bob = pod.agent("bob");
    const carol = pod.agent("carol");
    pod.ok(pod.createChannel("general", alice.publicKey, alice), [alice]);
    pod.ok(pod.joinChannel("general", bob.publicKey, bob), [bob]);

    const soft = pod.ok(pod.closeChannel("general", alice), [alice]);
    expect(channelOf(pod, "general")!.closed).toBe(true);
    expect(eventsOf(soft)[0]).toMatchObject({
      name: "ChannelClosed",
      data: { account_closed: false },
    });
    expect(code(pod.send(pod.joinChannel("general", carol.publicKey, carol), [carol]))).toBe(
      "ChannelClosed",
    );
    expect(code(pod.send(pod.closeChannel("general", alice), [alice]))).toBe("ChannelClosed");

    pod.ok(pod.leaveChannel("general", bob.publicKey, bob), [bob]);
    const rent = pod.chain.svm.getBalance(pdas.channel("general").toBase58());
    const before = pod.chain.svm.getBalance(pod.payer.publicKey.toBase58());
    const hard = pod.ok(pod.closeChannel("general", alice), [alice]);
    expect(pod.chain.raw(pdas.channel("general"))).toBeNull();
    expect(pod.chain.svm.getBalance(pod.payer.publicKey.toBase58())).toBe(before + rent - hard.fee);
    expect(eventsOf(hard)[0]).toMatchObject({
      name: "ChannelClosed",
      data: { account_closed: true },
    });
  });

  it("close_channel - only the creator or a relayer", () => {
    const pod = Pod.create();
    const alice = pod.agent("alice");
    const bob = pod.agent("bob");
    pod.ok(pod.createChannel("general", alice.publicKey, alice), [alice]);
    expect(code(pod.send(pod.closeChannel("general", bob), [bob]))).toBe("NotCreatorOrRelayer");
    pod.ok(pod.closeChannel("general", pod.relayer), [pod.relayer]);
    expect(pod.chain.raw(pdas.channel("general"))).toBeNull();
  });

  it("create_channel - the same name twice is ChannelAlreadyExists", () => {
    const pod = Pod.create();
    const alice = pod.agent("alice");
    pod.ok(pod.createChannel("dup", alice.publicKey, alice), [alice]);
    expect(
      code(pod.send(pod.createChannel("dup", alice.publicKey, alice, false, 2), [alice])),
    ).toBe("ChannelAlreadyExists");
  });
});
