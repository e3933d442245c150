import { createPrivateKey, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  Keypair,
  PublicKey,
  SystemProgram,
  Transaction,
  TransactionMessage,
  VersionedTransaction,
} from "@solana/web3.js";
import {
  MalformedTransactionError,
  PACKET_DATA_SIZE,
  PacketTooLargeError,
  SvmHarness,
  decodeWireTransaction,
  signaturesVerify,
} from "../src/index.js";

const SOL = 1_000_000_000n;

function funded(svm: SvmHarness, lamports = 10n * SOL): Keypair {
  const kp = Keypair.generate();
  const res = svm.airdrop(kp.publicKey.toBase58(), lamports);
  expect(res.ok).toBe(true);
  return kp;
}

function compactU16(n: number): number[] {
  return n < 0x80 ? [n] : [(n & 0x7f) | 0x80, n >> 7];
}

/** A legacy, properly signed system-program call carrying `dataLength` bytes of data. */
function oversizedTransfer(payer: Keypair, blockhash: string, dataLength: number): Uint8Array {
  const message = Buffer.from([
    1,
    0,
    1,
    ...compactU16(2),
    ...payer.publicKey.toBytes(),
    ...SystemProgram.programId.toBytes(),
    ...new PublicKey(blockhash).toBytes(),
    ...compactU16(1),
    1,
    ...compactU16(1),
    0,
    ...compactU16(dataLength),
    ...new Uint8Array(dataLength),
  ]);
  const der = Buffer.concat([
    Buffer.from("302e020100300506032b657004220420", "hex"),
    payer.secretKey.subarray(0, 32),
  ]);
  const key = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  const signature = sign(null, message, key);
  return new Uint8Array([...compactU16(1), ...signature, ...message]);
}

function transfer(svm: SvmHarness, from: Keypair, to: PublicKey, lamports: bigint): Transaction {
  const tx = new Transaction({
    feePayer: from.publicKey,
    recentBlockhash: svm.latestBlockhash().blockhash,
  }).add(SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: to, lamports }));
  tx.sign(from);
  return tx;
}

describe("svm harness", () => {
  it("a transfer lands, moves lamports, charges the fee and reports changed accounts", () => {
    const svm = new SvmHarness();
    const alice = funded(svm);
    const bob = Keypair.generate().publicKey;

    const res = svm.execute(transfer(svm, alice, bob, SOL).serialize());

    expect(res).toMatchObject({ ok: true, landed: true, err: null, fee: 5000n });
    expect(svm.getBalance(bob.toBase58())).toBe(SOL);
    expect(svm.getBalance(alice.publicKey.toBase58())).toBe(9n * SOL - 5000n);
    expect(res.accountKeys[0]).toBe(alice.publicKey.toBase58());
    expect(res.preBalances).toEqual([10n * SOL, 0n, 1n]);
    expect(res.postBalances).toEqual([9n * SOL - 5000n, SOL, 1n]);
    expect(res.changedAccounts.map((c) => c.address).sort()).toEqual(
      [alice.publicKey.toBase58(), bob.toBase58()].sort(),
    );
    expect(res.logs[0]).toBe("Program 11111111111111111111111111111111 invoke [1]");
    expect(res.computeUnitsConsumed).toBeGreaterThan(0n);
    expect(svm.getAccountInfo(bob.toBase58())?.lamports).toBe(Number(SOL));
  });

  it("a failing instruction lands with the validator's error shape, charged the fee only", () => {
    const svm = new SvmHarness();
    const alice = funded(svm, SOL);
    const bob = Keypair.generate().publicKey;

    const res = svm.execute(transfer(svm, alice, bob, 5n * SOL).serialize());

    expect(res.ok).toBe(false);
    expect(res.landed).toBe(true);
    expect(res.err).toEqual({ InstructionError: [0, { Custom: 1 }] });
    expect(res.logs.at(-1)).toContain("failed: custom program error: 0x1");
    expect(svm.getBalance(alice.publicKey.toBase58())).toBe(SOL - 5000n);
    expect(svm.getBalance(bob.toBase58())).toBe(0n);
  });

  it("the same signed bytes twice are refused as already processed and change nothing", () => {
    const svm = new SvmHarness();
    const alice = funded(svm);
    const bytes = transfer(svm, alice, Keypair.generate().publicKey, SOL).serialize();
    expect(svm.execute(bytes).ok).toBe(true);
    const balance = svm.getBalance(alice.publicKey.toBase58());

    const again = svm.execute(bytes);

    expect(again).toMatchObject({ ok: false, landed: false, err: "AlreadyProcessed", fee: 0n });
    expect(svm.getBalance(alice.publicKey.toBase58())).toBe(balance);
  });

  it("a blockhash is accepted for 150 blocks and refused after", () => {
    const svm = new SvmHarness();
    const alice = funded(svm);
    const old = transfer(svm, alice, Keypair.generate().publicKey, 1n * SOL);
    const older = transfer(svm, alice, Keypair.generate().publicKey, 2n * SOL);

    svm.advanceSlots(150);
    expect(svm.execute(old.serialize()).ok).toBe(true);
    svm.advanceSlots(1);
    const res = svm.execute(older.serialize());

    expect(res).toMatchObject({ ok: false, landed: false, err: "BlockhashNotFound" });
    expect(svm.isBlockhashValid(older.recentBlockhash as string)).toBe(false);
  });

  it("a transaction over the packet limit is refused with a typed error", () => {
    const svm = new SvmHarness();
    const alice = funded(svm);
    // web3.js cannot even serialize this much, so the bytes are assembled by hand.
    const bytes = oversizedTransfer(alice, svm.latestBlockhash().blockhash, 1200);
    expect(bytes.length).toBeGreaterThan(PACKET_DATA_SIZE);

    let caught: unknown;
    try {
      svm.execute(bytes);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PacketTooLargeError);
    expect(caught).toMatchObject({ code: "PACKET_TOO_LARGE", size: bytes.length, limit: 1232 });
  });

  it("garbage bytes are refused before reaching the runtime", () => {
    const svm = new SvmHarness();
    expect(() => svm.execute(new Uint8Array([1, 2, 3]))).toThrow(MalformedTransactionError);
    const alice = funded(svm);
    const bytes = transfer(svm, alice, Keypair.generate().publicKey, SOL).serialize();
    const trailing = new Uint8Array([...bytes, 0]);
    expect(() => svm.execute(trailing)).toThrow(/trailing bytes/);
  });

  it("simulate reports logs and post-state but commits nothing", () => {
    const svm = new SvmHarness();
    const alice = funded(svm);
    const bob = Keypair.generate().publicKey;

    const sim = svm.simulateWeb3(transfer(svm, alice, bob, SOL));

    expect(sim.ok).toBe(true);
    expect(sim.logs).toContain("Program 11111111111111111111111111111111 success");
    expect(sim.postAccounts.get(bob.toBase58())?.lamports).toBe(SOL);
    expect(svm.getBalance(bob.toBase58())).toBe(0n);
    expect(svm.getBalance(alice.publicKey.toBase58())).toBe(10n * SOL);
  });

  it("a versioned transaction goes through the same wire path", () => {
    const svm = new SvmHarness();
    const alice = funded(svm);
    const bob = Keypair.generate().publicKey;
    const message = new TransactionMessage({
      payerKey: alice.publicKey,
      recentBlockhash: svm.latestBlockhash().blockhash,
      instructions: [
        SystemProgram.transfer({ fromPubkey: alice.publicKey, toPubkey: bob, lamports: SOL }),
      ],
    }).compileToV0Message();
    const vtx = new VersionedTransaction(message);
    vtx.sign([alice]);

    const res = svm.sendWeb3(vtx);

    expect(res.ok).toBe(true);
    expect(res.loadedAddresses).toEqual({ writable: [], readonly: [] });
    expect(svm.getBalance(bob.toBase58())).toBe(SOL);
  });
});

describe("svm harness clock", () => {
  it("restoreClock reproduces the blockhashes of the same height, so they stay valid", () => {
    const first = new SvmHarness();
    first.advanceSlots(200);
    const { blockhash } = first.latestBlockhash();
    const older = first.recentBlockhashes()[10]?.blockhash as string;

    const second = new SvmHarness();
    second.restoreClock(first.slot, first.blockHeight);

    expect(second.latestBlockhash().blockhash).toBe(blockhash);
    expect(second.isBlockhashValid(older)).toBe(true);
    expect(second.slot).toBe(first.slot);
  });
});

describe("svm wire decoding", () => {
  it("bytes changed in place after a decode are decoded afresh", () => {
    const svm = new SvmHarness();
    const alice = funded(svm);
    const bytes = transfer(svm, alice, Keypair.generate().publicKey, SOL).serialize();
    const first = decodeWireTransaction(bytes).signatures[0];

    bytes[1] = (bytes[1] as number) ^ 0xff;

    expect(decodeWireTransaction(bytes).signatures[0]).not.toBe(first);
    expect(svm.execute(bytes).err).toBe("SignatureFailure");
  });
});

describe("svm robustness", () => {
  it("mutated and truncated transactions are refused or run, never crash the process", () => {
    const svm = new SvmHarness();
    const alice = funded(svm);
    const seed = Buffer.from(transfer(svm, alice, Keypair.generate().publicKey, SOL).serialize());
    // A fixed linear congruential generator: the same 3,000 inputs on every run.
    let state = 12345;
    const next = (n: number): number => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    let ran = 0;
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      const bytes = Buffer.from(seed);
      for (let j = 0; j <= next(3); j++) bytes[next(bytes.length)] = next(256);
      const input = next(5) === 0 ? bytes.subarray(0, next(bytes.length)) : bytes;
      try {
        if (i % 2 === 0) svm.simulate(input);
        else svm.execute(input);
        ran++;
      } catch (e) {
        expect((e as { code?: string }).code).toMatch(/MALFORMED_TRANSACTION|UNSUPPORTED_VERSION/);
        refused++;
      }
    }
    expect(ran + refused).toBe(3000);
    expect(refused).toBeGreaterThan(0);
    expect(svm.getBalance(alice.publicKey.toBase58())).toBeLessThanOrEqual(10n * SOL);
  });
});

describe("svm signature check", () => {
  it("signaturesVerify accepts a signed transaction and refuses one with a flipped byte", () => {
    const svm = new SvmHarness();
    const alice = funded(svm);
    const bytes = transfer(svm, alice, Keypair.generate().publicKey, SOL).serialize();
    expect(signaturesVerify(decodeWireTransaction(bytes))).toBe(true);

    const bad = Uint8Array.from(bytes);
    bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 1;

    expect(signaturesVerify(decodeWireTransaction(bad))).toBe(false);
  });
});
