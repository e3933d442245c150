import { describe, expect, it } from "vitest";
import { podInstruction } from "../src/instructions.js";
import { pdas } from "../src/program.js";
import { eventsOf } from "./support/chain.js";
import { anchorErrorOf, DEFAULT_LIMITS, keypair, Pod } from "./support/pod.js";

interface ProtocolState {
  admin: { toBase58(): string };
  paused: boolean;
  bump: number;
  limits: typeof DEFAULT_LIMITS;
  relayers: Array<{ toBase58(): string }>;
}

const state = (pod: Pod) => pod.chain.fetch<ProtocolState>("Protocol", pdas.protocol())!;

describe("protocol state", () => {
  it("initialize - creates the state PDA with admin, limits, no relayers, rent-exempt", () => {
    const pod = Pod.create({ init: false });
    const r = pod.ok(pod.initialize(), [pod.admin]);

    const s = state(pod);
    expect(s.admin.toBase58()).toBe(pod.admin.publicKey.toBase58());
    expect(s.paused).toBe(false);
    expect(s.limits).toEqual(DEFAULT_LIMITS);
    expect(s.relayers).toEqual([]);
    const info = pod.chain.svm.getAccount(pdas.protocol().toBase58())!;
    expect(info.data.length).toBe(312);
    expect(info.lamports).toBe(pod.chain.svm.minimumBalanceForRentExemption(312));
    const [event] = eventsOf(r);
    expect(event?.name).toBe("ProtocolInitialized");
    expect(event?.data.limits).toEqual(DEFAULT_LIMITS);
  });

  it("initialize - an immutable program (no upgrade authority) cannot be initialized", () => {
    const pod = Pod.create({ init: false });
    pod.chain.setUpgradeAuthority(null);
    const r = pod.send(pod.initialize(), [pod.admin]);
    expect(anchorErrorOf(r)?.error.errorCode.code).toBe("NotUpgradeAuthority");
    expect(pod.chain.raw(pdas.protocol())).toBeNull();
  });

  it("initialize - a second initialize is refused and the state stays", () => {
    const pod = Pod.create();
    const before = pod.chain.raw(pdas.protocol());
    const r = pod.send(pod.initialize(DEFAULT_LIMITS, keypair("other-admin")), [
      keypair("other-admin"),
    ]);
    expect(anchorErrorOf(r)?.error.errorCode.code).toBe("AlreadyInitialized");
    expect(pod.chain.raw(pdas.protocol())).toEqual(before);
  });

  it("add_relayer / remove_relayer - the list changes and each change is an event", () => {
    const pod = Pod.create();
    const second = keypair("second-relayer").publicKey;
    const added = pod.ok(pod.adminIx("add_relayer", { relayer: second }), [pod.admin]);
    expect(state(pod).relayers.map((k) => k.toBase58())).toEqual([
      pod.relayer.publicKey.toBase58(),
      second.toBase58(),
    ]);
    expect(eventsOf(added)[0]?.name).toBe("RelayerAdded");

    const removed = pod.ok(pod.adminIx("remove_relayer", { relayer: pod.relayer.publicKey }), [
      pod.admin,
    ]);
    expect(state(pod).relayers.map((k) => k.toBase58())).toEqual([second.toBase58()]);
    const [event] = eventsOf(removed);
    expect(event?.name).toBe("RelayerRemoved");
    expect((event?.data.relayer as { toBase58(): string }).toBase58()).toBe(
      pod.relayer.publicKey.toBase58(),
    );
  });

  it("set_paused - pauses and resumes", () => {
    const pod = Pod.create();
    const r = pod.ok(pod.adminIx("set_paused", { paused: true }), [pod.admin]);
    expect(state(pod).paused).toBe(true);
    expect(eventsOf(r)[0]).toMatchObject({ name: "PausedSet", data: { paused: true } });
    pod.ok(pod.adminIx("set_paused", { paused: false }), [pod.admin]);
    expect(state(pod).paused).toBe(false);
  });

  it("update_limits - replaces the limits", () => {
    const pod = Pod.create();
    const limits = { max_ttl_secs: 60, max_channel_participants: 3, max_batch: 30 };
    const r = pod.ok(pod.adminIx("update_limits", { limits }), [pod.admin]);
    expect(state(pod).limits).toEqual(limits);
    expect(eventsOf(r)[0]).toMatchObject({ name: "LimitsUpdated", data: { limits } });
  });

  it("set_admin - both the old and the new admin sign; the old one loses the role", () => {
    const pod = Pod.create();
    const next = keypair("next-admin");
    const ix = podInstruction(
      "set_admin",
      {},
      { admin: pod.admin.publicKey, protocol: pdas.protocol(), new_admin: next.publicKey },
    );
    const r = pod.ok(ix, [pod.admin, next]);
    expect(state(pod).admin.toBase58()).toBe(next.publicKey.toBase58());
    const [event] = eventsOf(r);
    expect(event?.name).toBe("AdminChanged");
    const r2 = pod.send(pod.adminIx("set_paused", { paused: true }), [pod.admin]);
    expect(anchorErrorOf(r2)?.error.errorCode.code).toBe("NotAdmin");
    pod.ok(pod.adminIx("set_paused", { paused: true }, next), [next]);
  });

  it("set_admin - refused when the new admin does not sign", () => {
    const pod = Pod.create();
    const ix = podInstruction(
      "set_admin",
      {},
      { admin: pod.admin.publicKey, protocol: pdas.protocol(), new_admin: keypair("n").publicKey },
    );
    ix.keys[2]!.isSigner = false;
    expect(anchorErrorOf(pod.send(ix, [pod.admin]))?.error.errorCode.code).toBe("SignerMissing");
    expect(state(pod).admin.toBase58()).toBe(pod.admin.publicKey.toBase58());
  });

  it("admin instructions - refuse a signer that is not the admin, state unchanged", () => {
    const pod = Pod.create();
    const intruder = keypair("intruder");
    const before = pod.chain.raw(pdas.protocol());
    for (const [name, args] of [
      ["add_relayer", { relayer: intruder.publicKey }],
      ["remove_relayer", { relayer: pod.relayer.publicKey }],
      ["set_paused", { paused: true }],
      ["update_limits", { limits: DEFAULT_LIMITS }],
    ] as const) {
      const r = pod.send(pod.adminIx(name, args, intruder), [intruder]);
      expect(anchorErrorOf(r)?.error.errorCode.code, name).toBe("NotAdmin");
    }
    const handover = podInstruction(
      "set_admin",
      {},
      { admin: intruder.publicKey, protocol: pdas.protocol(), new_admin: intruder.publicKey },
    );
    expect(anchorErrorOf(pod.send(handover, [intruder]))?.error.errorCode.code).toBe("NotAdmin");
    expect(pod.chain.raw(pdas.protocol())).toEqual(before);
  });
});
