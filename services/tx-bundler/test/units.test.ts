import { PACKET_DATA_SIZE, transactionSize } from "@pod/chain";
import { STATE_TREE_V1 } from "@pod/light";
import { decodeContentMemo, MEMO_PROGRAM_ID } from "@pod/protocol";
import { loadConfig, serviceConfigSchema } from "@pod/runtime";
import { AddressLookupTableAccount, Keypair, PublicKey } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import { AccountLocks } from "../src/account-locks.js";
import { Batcher } from "../src/batcher.js";
import { bundlerConfigSchema, resolveBundlerConfig } from "../src/config.js";
import { codeOfName, verdictOf } from "../src/error-policy.js";
import { pack, packedSize, type PackLimits } from "../src/packer.js";
import { TxSizer } from "../src/tx-size.js";
import { compressedLookupAddresses } from "@pod/program";
import { planCompressedMessage } from "../src/plan/messages.js";
import type { Plan } from "../src/plan/index.js";
import { fromReady, type BundleRecord } from "../src/ready-record.js";
import { buildTransaction } from "../src/tx-build.js";
import type { Pending } from "../src/pending.js";
import { SimulationCache } from "../src/simulation-cache.js";
import { agent, CID, direct } from "./support/requests.js";

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("batcher", () => {
  it("hands on a full batch at once and the rest on its timer, in order", async () => {
    const seen: number[][] = [];
    const b = new Batcher<number>({
      maxBatch: 3,
      flushMs: 30,
      maxQueue: 100,
      process: async (batch) => void seen.push(batch),
      onError: () => undefined,
    });
    for (const n of [1, 2, 3, 4]) await b.add(n);
    await tick();
    expect(seen).toEqual([[1, 2, 3]]);
    await new Promise((r) => setTimeout(r, 60));
    expect(seen).toEqual([[1, 2, 3], [4]]);
  });

  it("a full queue makes add wait until a batch was taken (backpressure)", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = new Batcher<number>({
      maxBatch: 2,
      flushMs: 5,
      maxQueue: 2,
      process: () => gate,
      onError: () => undefined,
    });
    await b.add(1);
    await b.add(2); // taken at once (full batch), processing blocks on the gate
    await b.add(3);
    await b.add(4);
    let added = false;
    const fifth = b.add(5).then(() => (added = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(added).toBe(false);
    expect(b.queued).toBe(2);
    release();
    await fifth;
    expect(added).toBe(true);
  });

  it("close hands on what is left and waits for it", async () => {
    const seen: number[] = [];
    const b = new Batcher<number>({
      maxBatch: 10,
      flushMs: 10_000,
      maxQueue: 100,
      process: async (batch) => {
        await new Promise((r) => setTimeout(r, 10));
        seen.push(...batch);
      },
      onError: () => undefined,
    });
    await b.add(1);
    await b.add(2);
    await b.close();
    expect(seen).toEqual([1, 2]);
  });
});

describe("account locks", () => {
  it("a writer waits for earlier holders, readers share, other keys go at once", async () => {
    const locks = new AccountLocks();
    const order: string[] = [];
    const w1 = locks.acquire([{ key: "a", write: true }]);
    const r1 = locks.acquire([{ key: "a", write: false }]);
    const r2 = locks.acquire([{ key: "a", write: false }]);
    const w2 = locks.acquire([{ key: "a", write: true }]);
    const other = locks.acquire([{ key: "b", write: true }]);
    for (const [name, h] of Object.entries({ w1, r1, r2, w2, other })) {
      void h.ready.then(() => order.push(name));
    }
    await tick();
    expect(order.sort()).toEqual(["other", "w1"]);
    w1.release();
    await tick();
    expect(order).toContain("r1");
    expect(order).toContain("r2");
    expect(order).not.toContain("w2");
    r1.release();
    await tick();
    expect(order).not.toContain("w2");
    r2.release();
    await tick();
    expect(order).toContain("w2");
    w2.release();
    other.release();
    expect(locks.size).toBe(0);
  });

  it("writeHeld is true only while a writer of the key has not released", () => {
    const locks = new AccountLocks();
    const reader = locks.acquire([{ key: "ch", write: false }]);
    expect(locks.writeHeld(["ch"])).toBe(false);
    const writer = locks.acquire([{ key: "ch", write: true }]);
    expect(locks.writeHeld(["ch"])).toBe(true);
    expect(locks.writeHeld(["other"])).toBe(false);
    writer.release();
    expect(locks.writeHeld(["ch"])).toBe(false);
    expect(locks.held(["ch"])).toBe(true);
    reader.release();
    expect(locks.size).toBe(0);
  });
});

describe("simulation cache", () => {
  const a = agent();
  const b = agent();
  const pending = (text: string, kind: "compressed" | "direct" = "compressed"): Pending => {
    const ready = direct(a, b, text);
    const planned = planCompressedMessage(ready as Parameters<typeof planCompressedMessage>[0]);
    if (planned.type !== "plan") throw new Error("not planned");
    const plan: Plan =
      kind === "compressed"
        ? planned.plan
        : {
            kind: "instruction",
            build: () => undefined as never,
            createdAccountBytes: [],
            target: PublicKey.default,
          };
    return {
      record: fromReady(ready),
      plan,
      revision: undefined,
      settle: () => {},
      fail: () => {},
    };
  };

  it("reuses the largest units seen for a compressed-only shape and forgets it on demand", () => {
    const cache = new SimulationCache();
    const group = [pending("hello"), pending("world")];
    const shape = cache.shapeOf(group);
    expect(shape).toBeDefined();
    expect(cache.get(shape)).toBeUndefined();
    cache.remember(shape, 70_000);
    cache.remember(shape, 65_000);
    expect(cache.get(shape)).toBe(70_000);
    // Same count and memo size step: the same shape; another count is another shape.
    expect(cache.shapeOf([pending("hellO"), pending("World")])).toBe(shape);
    expect(cache.shapeOf([pending("hello")])).not.toBe(shape);
    cache.forget(shape);
    expect(cache.get(shape)).toBeUndefined();
  });

  it("never caches a group with a per-account instruction (simulation finds its refusals)", () => {
    const cache = new SimulationCache();
    expect(cache.shapeOf([pending("a"), pending("b", "direct")])).toBeUndefined();
  });
});

describe("packer", () => {
  const authority = Keypair.generate().publicKey;
  const limits = (setComputeUnits: boolean): PackLimits => ({
    maxCompressed: 30,
    maxRecords: 64,
    shape: {
      authority,
      stateTree: STATE_TREE_V1,
      microLamportsPerUnit: 0,
      lookupTable: undefined,
      setComputeUnits,
    },
  });
  const a = agent();
  const b = agent();
  const item = (text: string, cid = false): { plan: Plan; record: BundleRecord } => {
    const ready = cid ? direct(a, b, text, "compressed", { cid: CID }) : direct(a, b, text);
    const planned = planCompressedMessage(ready as Parameters<typeof planCompressedMessage>[0]);
    if (planned.type !== "plan") throw new Error("not planned");
    return { plan: planned.plan, record: fromReady(ready) };
  };

  it("packs compressed records into as few transactions as the packet allows", () => {
    const items = Array.from({ length: 40 }, (_, i) => item(`m${i}`, true));
    const { groups, oversized } = pack(items, limits(true));
    expect(oversized).toEqual([]);
    expect(groups.flat()).toEqual(items);
    const shape = {
      ...limits(true).shape,
      payer: Keypair.generate().publicKey,
      blockhash: PublicKey.default.toBase58(),
      computeUnits: 200_000,
    };
    for (const g of groups) {
      const built = buildTransaction(
        g.map((i) => i.plan),
        shape,
      );
      expect(transactionSize(built.tx)).toBeLessThanOrEqual(PACKET_DATA_SIZE);
      // One more record would not have fitted (unless it is the last group).
    }
    // A CID line and a leaf cost ~126 bytes: a handful per transaction, far more than one.
    expect(groups[0]!.length).toBeGreaterThanOrEqual(4);
    expect(groups.length).toBeLessThan(items.length / 3);
    // The compute-budget instruction costs bytes: never more records with it than without.
    const without = pack(items, limits(false));
    expect(without.groups[0]!.length).toBeGreaterThanOrEqual(groups[0]!.length);
  });

  it("puts one memo in record order and the leaves in the same order", () => {
    const items = [item("first"), item("second", true), item("third")];
    const built = buildTransaction(
      items.map((i) => i.plan),
      {
        ...limits(true).shape,
        payer: Keypair.generate().publicKey,
        blockhash: PublicKey.default.toBase58(),
        computeUnits: 100_000,
      },
    );
    const message = built.tx.message;
    const keys = message.staticAccountKeys;
    const memos = message.compiledInstructions.filter(
      (ix) => keys[ix.programIdIndex]!.toBase58() === MEMO_PROGRAM_ID,
    );
    expect(memos).toHaveLength(1);
    const entries = decodeContentMemo(Buffer.from(memos[0]!.data).toString("utf8"));
    expect(entries).toEqual(items.map((i) => (i.plan as { memo: unknown }).memo));
    expect(built.leaves).toBe(3);
    expect(built.owners.find((o) => o.length === 3)).toEqual([0, 1, 2]);
  });

  it("the computed size equals the serialized size, legacy and with a lookup table", async () => {
    const { planRegisterAgent } = await import("../src/plan/agents.js");
    const { planDirectMessage } = await import("../src/plan/messages.js");
    const { registration, inline } = await import("./support/requests.js");
    const ctx = {
      authority,
      protocol: { maxTtlSecs: 3600 } as never,
      chain: undefined as never,
      now: Date.now(),
    };
    const reg = planRegisterAgent(registration(agent()) as never, ctx);
    const dm = planDirectMessage(direct(a, b, "hi", "direct", inline("hi")) as never, ctx);
    const plans: Plan[] = [
      ...[reg, dm].map((p) => (p as { plan: Plan }).plan),
      item("one").plan,
      item("two", true).plan,
    ];
    const table = new AddressLookupTableAccount({
      key: Keypair.generate().publicKey,
      state: {
        deactivationSlot: BigInt("18446744073709551615"),
        lastExtendedSlot: 0,
        lastExtendedSlotStartIndex: 0,
        authority: undefined,
        addresses: compressedLookupAddresses([STATE_TREE_V1]),
      },
    });
    for (const lookupTable of [undefined, table]) {
      for (const setComputeUnits of [true, false]) {
        for (let n = 1; n <= plans.length; n++) {
          const subset = plans.slice(0, n);
          const l = limits(setComputeUnits);
          const shape = { ...l.shape, lookupTable };
          const real = packedSize(subset, { ...l, shape });
          expect(new TxSizer(shape).size(subset)).toBe(real);
        }
      }
    }
  });

  it("reports a record that does not fit even alone", () => {
    const huge = item("x".repeat(1_100));
    const { groups, oversized } = pack([item("ok"), huge], limits(true));
    expect(oversized).toEqual([huge]);
    expect(groups.flat()).toHaveLength(1);
  });
});

describe("error policy", () => {
  it("already-applied errors are success for their op, others permanent or transient", () => {
    expect(verdictOf("send_direct", 6032).kind).toBe("applied"); // DuplicateMessage
    expect(verdictOf("register_agent", 6022).kind).toBe("applied"); // AgentAlreadyRegistered
    expect(verdictOf("register_agents", 6022).kind).toBe("transient"); // planned again
    expect(verdictOf("join_channel", 6029).kind).toBe("applied"); // AlreadyMember
    const full = verdictOf("join_channel", 6027);
    expect(full).toMatchObject({ kind: "permanent", code: "CHANNEL_FULL" });
    expect(verdictOf("post_channel", 6030)).toMatchObject({
      kind: "permanent",
      code: "NOT_MEMBER",
    });
    expect(verdictOf("send_direct", 6014).kind).toBe("transient"); // ProtocolPaused
    expect(verdictOf("send_direct", 1).kind).toBe("transient"); // system program: funds
    expect(codeOfName("CidTooLong")).toBe("CID_TOO_LONG");
  });
});

describe("config", () => {
  const schema = serviceConfigSchema(
    { service: "tx-bundler", httpPort: 8084 },
    bundlerConfigSchema,
  );

  it("defaults put keys under DATA_DIR and read SOLANA_RPC_URL", () => {
    const c = resolveBundlerConfig(
      loadConfig(schema, { DATA_DIR: "/tmp/b", SOLANA_RPC_URL: "http://127.0.0.1:9" }),
    );
    expect(c.rpcUrls).toEqual(["http://127.0.0.1:9"]);
    expect(c.authorityKeypair).toBe("/tmp/b/tx-bundler/authority.json");
    expect(c.feePayerDir).toBe("/tmp/b/tx-bundler/fee-payers");
    expect(c).toMatchObject({ feePayers: 4, maxInFlight: 64, priorityFeeMicroLamports: 0 });
    expect(c.stateTree).toBe(STATE_TREE_V1.toBase58());
    expect(c.airdropLamports).toBeUndefined();
  });

  it("BUNDLER_RPC_URLS wins, and every bad variable is listed", () => {
    const c = resolveBundlerConfig(
      loadConfig(schema, {
        BUNDLER_RPC_URLS: "http://a:1, http://b:2",
        SOLANA_RPC_URL: "http://c:3",
      }),
    );
    expect(c.rpcUrls).toEqual(["http://a:1", "http://b:2"]);
    expect(() =>
      loadConfig(schema, { BUNDLER_MAX_IN_FLIGHT: "0", BUNDLER_STATE_TREE: "not-a-key!" }),
    ).toThrow(/BUNDLER_MAX_IN_FLIGHT.*BUNDLER_STATE_TREE/);
  });
});
