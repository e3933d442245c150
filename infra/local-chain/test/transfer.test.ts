import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { address, createSolanaRpc } from "@solana/kit";
import { describe, expect, it } from "vitest";
import {
  Keypair,
  LAMPORTS_PER_SOL,
  SystemProgram,
  Transaction,
  TransactionInstruction,
  sendAndConfirmTransaction,
} from "@solana/web3.js";
import { chainForTests, fundedKeypair } from "./support/spawn-chain.js";

// An extra program by flag: Light's CLI package ships the SPL noop program.
const NOOP_SO = join(
  dirname(createRequire(import.meta.url).resolve("@lightprotocol/zk-compression-cli/package.json")),
  "bin/spl_noop.so",
);
const EXTRA_PROGRAM = Keypair.generate().publicKey;

const local = chainForTests({
  light: false,
  args: ["--program", `${EXTRA_PROGRAM.toBase58()}=${NOOP_SO}`],
});

describe("local chain - airdrop, transfer, confirm (web3.js Connection)", () => {
  it("requestAirdrop lands and confirmTransaction resolves with no error", async () => {
    const kp = Keypair.generate();
    const signature = await local.connection.requestAirdrop(kp.publicKey, 2 * LAMPORTS_PER_SOL);
    const latest = await local.connection.getLatestBlockhash();
    const confirmation = await local.connection.confirmTransaction({ signature, ...latest });

    expect(confirmation.value.err).toBeNull();
    expect(await local.connection.getBalance(kp.publicKey)).toBe(2 * LAMPORTS_PER_SOL);
  });

  it("sendAndConfirmTransaction moves lamports; getTransaction has fee, logs, CU", async () => {
    const alice = await fundedKeypair(local.connection);
    const bob = Keypair.generate().publicKey;
    const tx = new Transaction().add(
      SystemProgram.transfer({
        fromPubkey: alice.publicKey,
        toPubkey: bob,
        lamports: LAMPORTS_PER_SOL,
      }),
    );

    const signature = await sendAndConfirmTransaction(local.connection, tx, [alice]);

    expect(await local.connection.getBalance(bob)).toBe(LAMPORTS_PER_SOL);
    expect(await local.connection.getBalance(alice.publicKey)).toBe(9 * LAMPORTS_PER_SOL - 5000);
    const got = await local.connection.getTransaction(signature, {
      maxSupportedTransactionVersion: 0,
    });
    expect(got?.meta?.err).toBeNull();
    expect(got?.meta?.fee).toBe(5000);
    expect(got?.meta?.logMessages).toContain("Program 11111111111111111111111111111111 success");
    expect(got?.meta?.computeUnitsConsumed).toBeGreaterThan(0);
    expect(got?.meta?.preBalances[1]).toBe(0);
    expect(got?.meta?.postBalances[1]).toBe(LAMPORTS_PER_SOL);
    expect(got?.transaction.signatures[0]).toBe(signature);
    expect(got?.version).toBe("legacy");
    const [status] = (await local.connection.getSignatureStatuses([signature])).value;
    expect(status).toMatchObject({ err: null, confirmationStatus: "finalized" });
    const parsed = await local.connection.getParsedTransaction(signature, {
      maxSupportedTransactionVersion: 0,
    });
    expect(parsed?.transaction.message.accountKeys[0]?.pubkey.toBase58()).toBe(
      alice.publicKey.toBase58(),
    );
    const history = await local.connection.getSignaturesForAddress(bob);
    expect(history.map((h) => h.signature)).toEqual([signature]);
  });

  it("account reads: getAccountInfo, getMultipleAccounts, program filters, rent", async () => {
    const owner = await fundedKeypair(local.connection);
    const account = Keypair.generate();
    const space = 40;
    const rent = await local.connection.getMinimumBalanceForRentExemption(space);
    const marker = Buffer.alloc(space);
    const programId = SystemProgram.programId;
    await sendAndConfirmTransaction(
      local.connection,
      new Transaction().add(
        SystemProgram.createAccount({
          fromPubkey: owner.publicKey,
          newAccountPubkey: account.publicKey,
          lamports: rent,
          space,
          programId,
        }),
      ),
      [owner, account],
    );

    const info = await local.connection.getAccountInfo(account.publicKey);
    expect(info?.data).toEqual(marker);
    expect(info?.lamports).toBe(rent);
    expect(info?.owner.toBase58()).toBe(programId.toBase58());
    const [a, missing] = await local.connection.getMultipleAccountsInfo([
      account.publicKey,
      Keypair.generate().publicKey,
    ]);
    expect(a?.lamports).toBe(rent);
    expect(missing).toBeNull();
    const bySize = await local.connection.getProgramAccounts(programId, {
      filters: [{ dataSize: space }],
    });
    expect(bySize.map((p) => p.pubkey.toBase58())).toContain(account.publicKey.toBase58());
    const byBytes = await local.connection.getProgramAccounts(programId, {
      filters: [{ dataSize: space }, { memcmp: { offset: 0, bytes: "11111111" } }],
    });
    expect(byBytes.map((p) => p.pubkey.toBase58())).toContain(account.publicKey.toBase58());
    const none = await local.connection.getProgramAccounts(programId, {
      filters: [{ dataSize: space }, { memcmp: { offset: 0, bytes: "2" } }],
    });
    expect(none).toEqual([]);
  });

  it("cluster reads: slot, height, epoch info, version, health, fee for message", async () => {
    const slot = await local.connection.getSlot();
    const height = await local.connection.getBlockHeight();
    const epoch = await local.connection.getEpochInfo();
    expect(epoch.absoluteSlot).toBeGreaterThanOrEqual(slot);
    expect(epoch.blockHeight).toBeGreaterThanOrEqual(height);
    expect(epoch.slotsInEpoch).toBe(432_000);
    expect((await local.connection.getVersion())["solana-core"]).toMatch(/litesvm/);
    const health = await fetch(`${local.chain.rpcUrl}/health`);
    expect(await health.text()).toBe("ok");

    const payer = Keypair.generate();
    const latest = await local.connection.getLatestBlockhash();
    const message = new Transaction({ feePayer: payer.publicKey, ...latest })
      .add(
        SystemProgram.transfer({
          fromPubkey: payer.publicKey,
          toPubkey: payer.publicKey,
          lamports: 1,
        }),
      )
      .compileMessage();
    expect((await local.connection.getFeeForMessage(message)).value).toBe(5000);
    expect(latest.lastValidBlockHeight).toBeGreaterThan(height);
    expect((await local.connection.isBlockhashValid(latest.blockhash)).value).toBe(true);
  });

  it("a program added with --program runs at its id", async () => {
    const payer = await fundedKeypair(local.connection, 1);
    const ix = new TransactionInstruction({
      programId: EXTRA_PROGRAM,
      keys: [],
      data: Buffer.from("hi"),
    });

    const signature = await sendAndConfirmTransaction(local.connection, new Transaction().add(ix), [
      payer,
    ]);

    const got = await local.connection.getTransaction(signature, {
      maxSupportedTransactionVersion: 0,
    });
    expect(got?.meta?.logMessages).toContain(`Program ${EXTRA_PROGRAM.toBase58()} success`);
    expect(local.chain.ready.programs).toEqual([EXTRA_PROGRAM.toBase58()]);
  });

  it("kit's RPC client reads the same chain, u64 values exact", async () => {
    const rpc = createSolanaRpc(local.chain.rpcUrl);
    const kp = await fundedKeypair(local.connection, 4);

    const { value: balance } = await rpc.getBalance(address(kp.publicKey.toBase58())).send();
    const { value: latest } = await rpc.getLatestBlockhash().send();
    const info = await rpc
      .getAccountInfo(address(kp.publicKey.toBase58()), { encoding: "base64" })
      .send();

    expect(balance).toBe(4_000_000_000n);
    expect(typeof latest.lastValidBlockHeight).toBe("bigint");
    // kit types leave rentEpoch out, but its parser keeps the exact u64 it received.
    const rentEpoch = (info.value as unknown as { rentEpoch: bigint } | null)?.rentEpoch;
    expect(rentEpoch).toBe(18446744073709551615n);
  });
});
