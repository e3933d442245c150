import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  Keypair,
  LAMPORTS_PER_SOL,
  SystemProgram,
  Transaction,
  type Connection,
} from "@solana/web3.js";
import {
  fundedKeypair,
  pollLanded,
  rawRpc,
  removeLedger,
  spawnChain,
  tempLedger,
  type ChainProcess,
} from "./support/spawn-chain.js";

const ledger = tempLedger();
const running: ChainProcess[] = [];

afterAll(async () => {
  for (const c of running) await c.stop("SIGKILL");
  removeLedger(ledger);
});

async function start(): Promise<{ chain: ChainProcess; connection: Connection }> {
  const chain = await spawnChain({ ledger, light: false });
  running.push(chain);
  return { chain, connection: chain.connection() };
}

describe("local chain - restart after SIGKILL", () => {
  it("balances, history and blockhashes survive; resending is still refused", async () => {
    const first = await start();
    const alice = await fundedKeypair(first.connection, 5);
    const bob = Keypair.generate().publicKey;
    const latest = await first.connection.getLatestBlockhash();
    const tx = new Transaction({ feePayer: alice.publicKey, ...latest }).add(
      SystemProgram.transfer({
        fromPubkey: alice.publicKey,
        toPubkey: bob,
        lamports: LAMPORTS_PER_SOL,
      }),
    );
    tx.sign(alice);
    const signature = await first.connection.sendRawTransaction(tx.serialize());
    await pollLanded(first.connection, signature);
    const failed = new Transaction({ feePayer: alice.publicKey, ...latest }).add(
      SystemProgram.transfer({
        fromPubkey: alice.publicKey,
        toPubkey: bob,
        lamports: 100 * LAMPORTS_PER_SOL,
      }),
    );
    failed.sign(alice);
    const failedSig = await first.connection.sendRawTransaction(failed.serialize(), {
      skipPreflight: true,
    });
    await pollLanded(first.connection, failedSig);
    const aliceBalance = await first.connection.getBalance(alice.publicKey);

    expect(await first.chain.stop("SIGKILL")).toBeNull();
    const second = await start();

    expect(second.chain.ready.restoredTransactions).toBeGreaterThanOrEqual(3);
    expect(await second.connection.getBalance(bob)).toBe(LAMPORTS_PER_SOL);
    expect(await second.connection.getBalance(alice.publicKey)).toBe(aliceBalance);
    const got = await second.connection.getTransaction(signature, {
      maxSupportedTransactionVersion: 0,
    });
    expect(got?.meta?.err).toBeNull();
    expect(got?.meta?.logMessages?.length).toBeGreaterThan(0);
    const gotFailed = await second.connection.getTransaction(failedSig, {
      maxSupportedTransactionVersion: 0,
    });
    expect(gotFailed?.meta?.err).toEqual({ InstructionError: [0, { Custom: 1 }] });
    const [status] = (await second.connection.getSignatureStatuses([signature])).value;
    expect(status?.err).toBeNull();
    expect((await second.connection.isBlockhashValid(latest.blockhash)).value).toBe(true);
    const resend = await rawRpc(
      second.chain.rpcUrl,
      JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "sendTransaction",
        params: [tx.serialize().toString("base64"), { encoding: "base64" }],
      }),
    );
    expect(resend.json).toMatchObject({
      error: { code: -32002, data: { err: "AlreadyProcessed" } },
    });
    expect(await second.connection.getBalance(bob)).toBe(LAMPORTS_PER_SOL);
    await second.chain.stop("SIGKILL");
  });

  it("a torn record at the tail is cut off and everything before it is kept", async () => {
    const first = await start();
    const carol = await fundedKeypair(first.connection, 3);
    await first.chain.stop("SIGKILL");
    // What a crash in the middle of an append leaves: a frame header promising more bytes.
    appendFileSync(join(ledger, "ledger.log"), Buffer.from([0xff, 0x00, 0x00, 0x00, 1, 2, 3]));

    const second = await start();

    expect(second.chain.ready.discardedBytes).toBe(7);
    expect(await second.connection.getBalance(carol.publicKey)).toBe(3 * LAMPORTS_PER_SOL);
    const more = await fundedKeypair(second.connection, 1);
    expect(await second.connection.getBalance(more.publicKey)).toBe(LAMPORTS_PER_SOL);
    await second.chain.stop("SIGKILL");
  });
});
