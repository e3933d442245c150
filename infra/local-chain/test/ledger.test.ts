import { statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AccountState } from "@pod/svm";
import { Ledger } from "../src/ledger/ledger.js";
import type { StoredTransaction } from "../src/ledger/records.js";
import { removeLedger, tempLedger } from "./support/spawn-chain.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeLedger(d);
});

function account(data: Uint8Array, lamports = 1_000n): AccountState {
  return {
    lamports,
    data,
    owner: "11111111111111111111111111111111",
    executable: false,
    rentEpoch: 18446744073709551615n,
  };
}

function tx(signature: string, slot: bigint): StoredTransaction {
  return {
    signature,
    slot,
    blockTime: 1,
    wire: new Uint8Array([1, 2, 3]),
    err: null,
    fee: 5000n,
    logs: ["log"],
    computeUnitsConsumed: 150n,
    innerInstructions: [],
    preBalances: [1n],
    postBalances: [2n],
    accountKeys: ["A"],
    loadedAddresses: { writable: [], readonly: [] },
    returnData: null,
  };
}

describe("ledger - durable log with byte patches", () => {
  it("a large account is stored as its changed blocks and replays exactly", async () => {
    const dir = tempLedger();
    dirs.push(dir);
    const genesis = account(new Uint8Array(1_000_000).fill(7));
    const after = account(Uint8Array.from(genesis.data), 2_000n);
    after.data[10] = 1;
    after.data[500_000] = 2;
    after.data[999_999] = 3;
    const genesisAccount = (a: string) => (a === "Tree" ? genesis : null);

    const { ledger } = await Ledger.open(dir, { genesisAccount });
    await ledger.appendTransaction(tx("sig1", 5n), [
      { address: "Tree", before: genesis, account: after },
    ]);
    await ledger.close();

    expect(statSync(join(dir, "ledger.log")).size).toBeLessThan(10_000);
    const reopened = await Ledger.open(dir, { genesisAccount });
    const restored = reopened.state.accounts.get("Tree");
    expect(restored?.lamports).toBe(2_000n);
    expect(restored?.rentEpoch).toBe(18446744073709551615n);
    expect(Buffer.from(restored?.data ?? []).equals(Buffer.from(after.data))).toBe(true);
    expect(reopened.state.transactions.map((t) => t.signature)).toEqual(["sig1"]);
    expect(reopened.state.transactions[0]?.fee).toBe(5000n);
    await reopened.ledger.close();
  });

  it("a closed account replays as closed; later patches apply on the replayed state", async () => {
    const dir = tempLedger();
    dirs.push(dir);
    const v1 = account(new Uint8Array(1024));
    const v2 = account(Uint8Array.from(v1.data));
    v2.data[0] = 9;
    const v3 = account(Uint8Array.from(v2.data));
    v3.data[1023] = 8;

    const { ledger } = await Ledger.open(dir, { genesisAccount: () => null });
    await ledger.appendTransaction(tx("a", 1n), [{ address: "X", before: null, account: v1 }]);
    await ledger.appendTransaction(tx("b", 2n), [{ address: "X", before: v1, account: v2 }]);
    await ledger.appendTransaction(tx("c", 3n), [
      { address: "X", before: v2, account: v3 },
      { address: "Y", before: v1, account: null },
    ]);
    await ledger.close();

    const { state, ledger: again } = await Ledger.open(dir, { genesisAccount: () => null });
    expect(Buffer.from(state.accounts.get("X")?.data ?? []).equals(Buffer.from(v3.data))).toBe(
      true,
    );
    expect(state.accounts.get("Y")).toBeNull();
    await again.close();
  });

  it("compaction keeps accounts and history and shrinks the log", async () => {
    const dir = tempLedger();
    dirs.push(dir);
    const { ledger } = await Ledger.open(dir, { genesisAccount: () => null });
    let prev: AccountState | null = null;
    for (let i = 0; i < 20; i++) {
      const next = account(new Uint8Array(200).fill(i));
      await ledger.appendTransaction(tx(`s${i}`, BigInt(i)), [
        { address: "Z", before: prev, account: next },
      ]);
      prev = next;
    }
    await ledger.close();
    const before = statSync(join(dir, "ledger.log")).size;

    const compacted = await Ledger.open(dir, { genesisAccount: () => null, compactAbove: 1 });
    await compacted.ledger.close();
    const { state, ledger: again } = await Ledger.open(dir, { genesisAccount: () => null });

    expect(statSync(join(dir, "ledger.log")).size).toBeLessThan(before);
    expect(state.accounts.get("Z")?.data[0]).toBe(19);
    expect(state.transactions).toHaveLength(20);
    await again.close();
  });

  it("account data given as a Buffer round-trips as bytes", async () => {
    const dir = tempLedger();
    dirs.push(dir);
    const data = Buffer.from("hello ledger");
    const { ledger } = await Ledger.open(dir, { genesisAccount: () => null });
    await ledger.appendTransaction(tx("buf", 1n), [
      { address: "B", before: null, account: account(data) },
    ]);
    await ledger.close();

    const { state, ledger: again } = await Ledger.open(dir, { genesisAccount: () => null });
    expect(Buffer.from(state.accounts.get("B")?.data ?? []).toString()).toBe("hello ledger");
    await again.close();
  });
});
