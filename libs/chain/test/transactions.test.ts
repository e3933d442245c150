import { describe, expect, it } from "vitest";
import {
  ComputeBudgetProgram,
  Keypair,
  LAMPORTS_PER_SOL,
  SystemProgram,
  TransactionInstruction,
} from "@solana/web3.js";
import {
  BlockhashCache,
  PACKET_DATA_SIZE,
  computeBudgetInstructions,
  decodeComputeBudget,
  programErrorOf,
  sendAndConfirm,
  simulate,
  transactionCost,
  transactionSize,
} from "../src/index.js";
import { fakeRpc, forward } from "@pod/testing";
import { funded, localChain, poolOf, signedTx, transfer } from "./support/chain.js";

const local = localChain();
const PAD_PROGRAM = Keypair.generate().publicKey;

/** An instruction of `n` data bytes to a program that need not exist: for sizing. */
function padding(n: number): TransactionInstruction {
  return new TransactionInstruction({ programId: PAD_PROGRAM, keys: [], data: Buffer.alloc(n, 7) });
}

describe("compute budget", () => {
  it("computeBudgetInstructions decode back to the limit and price asked for", () => {
    const ixs = computeBudgetInstructions({ units: 200_000, microLamportsPerUnit: 10 });
    expect(ixs.every((ix) => ix.programId.equals(ComputeBudgetProgram.programId))).toBe(true);
    expect(ixs.map(decodeComputeBudget)).toEqual([
      { type: "SetComputeUnitLimit", units: 200_000 },
      { type: "SetComputeUnitPrice", microLamports: 10n },
    ]);
    expect(
      computeBudgetInstructions({ units: 50_000, microLamportsPerUnit: 0 }).map(
        decodeComputeBudget,
      ),
    ).toEqual([{ type: "SetComputeUnitLimit", units: 50_000 }]);
    expect(decodeComputeBudget(padding(1))).toBeUndefined();
    expect(() => computeBudgetInstructions({ units: 2_000_000, microLamportsPerUnit: 0 })).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID" }),
    );
  });

  it("a transfer with a unit price lands and pays the signature fee plus limit x price", async () => {
    const pool = poolOf([local.chain.rpcUrl]);
    try {
      const payer = await funded(pool, 1);
      const { blockhash, lastValidBlockHeight } = await pool.call("bh", (c) =>
        c.getLatestBlockhash(),
      );
      const { raw, signature } = signedTx(
        [payer],
        [
          ...computeBudgetInstructions({ units: 200_000, microLamportsPerUnit: 10 }),
          transfer(payer, Keypair.generate().publicKey, LAMPORTS_PER_SOL / 100),
        ],
        blockhash,
      );
      expect(
        await sendAndConfirm(pool, raw, { signature, lastValidBlockHeight, pollMs: 50 }),
      ).toMatchObject({
        status: "confirmed",
      });
      const cost = await transactionCost(pool, signature);
      // 200,000 CU x 10 micro-lamports = 2 lamports of priority fee.
      expect(cost?.feeLamports).toBe(5_002);
      expect(cost?.computeUnits).toBeGreaterThan(0);
    } finally {
      pool.close();
    }
  });
});

describe("simulate", () => {
  it("returns units consumed and logs, with no signature or current blockhash needed", async () => {
    const pool = poolOf([local.chain.rpcUrl]);
    try {
      const payer = await funded(pool, 1);
      // An arbitrary (all-ones) blockhash: replaceRecentBlockhash makes it irrelevant.
      const { tx } = signedTx(
        [payer],
        [transfer(payer, Keypair.generate().publicKey, LAMPORTS_PER_SOL / 100)],
        "11111111111111111111111111111111",
      );
      const report = await simulate(pool, tx);
      expect(report.err).toBeNull();
      expect(report.unitsConsumed).toBe(150);
      expect(report.logs).toContain("Program 11111111111111111111111111111111 success");

      const broke = Keypair.generate();
      const { tx: failing } = signedTx(
        [broke],
        [
          SystemProgram.transfer({
            fromPubkey: broke.publicKey,
            toPubkey: payer.publicKey,
            lamports: 1,
          }),
        ],
        "11111111111111111111111111111111",
      );
      expect((await simulate(pool, failing)).err).not.toBeNull();
    } finally {
      pool.close();
    }
  });
});

describe("transaction size", () => {
  it("transactionSize of a full transaction equals its serialized length, 1232", () => {
    const payer = Keypair.generate();
    const base = signedTx([payer], [padding(0)], "11111111111111111111111111111111").raw.length;
    // Growing the data past 127 bytes adds a second compact-u16 length byte.
    const { tx, raw } = signedTx(
      [payer],
      [padding(PACKET_DATA_SIZE - base - 1)],
      "11111111111111111111111111111111",
    );
    expect(raw.length).toBe(PACKET_DATA_SIZE);
    expect(transactionSize(tx)).toBe(raw.length);
  });

  it("sendAndConfirm refuses a transaction over PACKET_DATA_SIZE before any RPC", async () => {
    const counting = await fakeRpc(local.chain.rpcUrl, forward);
    const pool = poolOf([counting.url]);
    try {
      const payer = Keypair.generate();
      const base = signedTx([payer], [padding(0)], "11111111111111111111111111111111").raw.length;
      const { tx, raw, signature } = signedTx(
        [payer],
        [padding(PACKET_DATA_SIZE - base)],
        "11111111111111111111111111111111",
      );
      expect(transactionSize(tx)).toBe(PACKET_DATA_SIZE + 1);
      await expect(
        sendAndConfirm(pool, raw, { signature, lastValidBlockHeight: 1 }),
      ).rejects.toMatchObject({
        code: "TX_TOO_LARGE",
      });
      expect(counting.requests).toHaveLength(0);
    } finally {
      pool.close();
      await counting.close();
    }
  });

  it("sendAndConfirm refuses a signature that is not the transaction's", async () => {
    const pool = poolOf([local.chain.rpcUrl]);
    try {
      const payer = Keypair.generate();
      const { raw } = signedTx([payer], [padding(1)], "11111111111111111111111111111111");
      const other = signedTx([payer], [padding(2)], "11111111111111111111111111111111").signature;
      await expect(
        sendAndConfirm(pool, raw, { signature: other, lastValidBlockHeight: 1 }),
      ).rejects.toMatchObject({
        code: "CONFIG_INVALID",
      });
    } finally {
      pool.close();
    }
  });
});

describe("programErrorOf", () => {
  it("decodes InstructionError Custom codes and nothing else", () => {
    expect(programErrorOf({ InstructionError: [2, { Custom: 6032 }] })).toEqual({
      instructionIndex: 2,
      code: 6032,
    });
    expect(programErrorOf({ InstructionError: [0, "InvalidAccountData"] })).toBeUndefined();
    expect(programErrorOf({ InsufficientFundsForRent: { account_index: 1 } })).toBeUndefined();
    expect(programErrorOf("AccountInUse")).toBeUndefined();
    expect(programErrorOf(null)).toBeUndefined();
    expect(programErrorOf({ InstructionError: [0, { Custom: "x" }] })).toBeUndefined();
  });
});

describe("BlockhashCache", () => {
  it("serves one fetch to concurrent callers, refetches after invalidate, refreshes in the background", async () => {
    const counting = await fakeRpc(local.chain.rpcUrl, forward);
    const pool = poolOf([counting.url]);
    const cache = new BlockhashCache(pool, { refreshMs: 300 });
    const fetches = () => counting.requests.filter((r) => r.method === "getLatestBlockhash").length;
    try {
      const [a, b, c] = await Promise.all([cache.get(), cache.get(), cache.get()]);
      expect(fetches()).toBe(1);
      expect(b).toEqual(a);
      expect(c).toEqual(a);
      expect(await cache.get()).toEqual(a);
      expect(fetches()).toBe(1);

      cache.invalidate();
      await cache.get();
      expect(fetches()).toBe(2);

      await new Promise((r) => setTimeout(r, 700));
      expect(fetches()).toBeGreaterThanOrEqual(3);
      const later = await cache.get();
      expect(later.lastValidBlockHeight).toBeGreaterThan(a!.lastValidBlockHeight);
    } finally {
      cache.stop();
      pool.close();
      await counting.close();
    }
  });
});
