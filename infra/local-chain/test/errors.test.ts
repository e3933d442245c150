import bs58 from "bs58";
import { describe, expect, it } from "vitest";
import {
  Keypair,
  LAMPORTS_PER_SOL,
  SendTransactionError,
  SystemProgram,
  Transaction,
} from "@solana/web3.js";
import { chainForTests, fundedKeypair, rawRpc } from "./support/spawn-chain.js";

const local = chainForTests({ light: false });

async function signedTransfer(from: Keypair, lamports: number): Promise<Transaction> {
  const latest = await local.connection.getLatestBlockhash();
  const tx = new Transaction({ feePayer: from.publicKey, ...latest }).add(
    SystemProgram.transfer({
      fromPubkey: from.publicKey,
      toPubkey: Keypair.generate().publicKey,
      lamports,
    }),
  );
  tx.sign(from);
  return tx;
}

const rpc = (method: string, params: unknown[]) =>
  rawRpc(local.chain.rpcUrl, JSON.stringify({ jsonrpc: "2.0", id: 7, method, params }));

describe("local chain - failures as the client sees them", () => {
  it("a failing transaction throws SendTransactionError with logs; nothing lands", async () => {
    const poor = await fundedKeypair(local.connection, 1);
    const tx = await signedTransfer(poor, 5 * LAMPORTS_PER_SOL);

    const error = await local.connection
      .sendRawTransaction(tx.serialize())
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SendTransactionError);
    const logs = await (error as SendTransactionError).getLogs(local.connection);
    expect(logs.join("\n")).toContain("Transfer: insufficient lamports");
    expect((error as Error).message).toContain(
      "Transaction simulation failed: Error processing Instruction 0: custom program error: 0x1",
    );
    expect(await local.connection.getBalance(poor.publicKey)).toBe(LAMPORTS_PER_SOL);
    const [status] = (
      await local.connection.getSignatureStatuses([bs58.encode(tx.signature as Buffer)])
    ).value;
    expect(status).toBeNull();
  });

  it("with skipPreflight a failing transaction lands with its error, fee charged", async () => {
    const poor = await fundedKeypair(local.connection, 1);
    const tx = await signedTransfer(poor, 5 * LAMPORTS_PER_SOL);

    const signature = await local.connection.sendRawTransaction(tx.serialize(), {
      skipPreflight: true,
    });
    const latest = await local.connection.getLatestBlockhash();
    const confirmation = await local.connection.confirmTransaction({ signature, ...latest });

    expect(confirmation.value.err).toEqual({ InstructionError: [0, { Custom: 1 }] });
    expect(await local.connection.getBalance(poor.publicKey)).toBe(LAMPORTS_PER_SOL - 5000);
    const got = await local.connection.getTransaction(signature, {
      maxSupportedTransactionVersion: 0,
    });
    expect(got?.meta?.err).toEqual({ InstructionError: [0, { Custom: 1 }] });
    expect(got?.meta?.logMessages?.at(-1)).toContain("failed: custom program error: 0x1");
  });

  it("sending the same signed bytes again is refused as already processed", async () => {
    const payer = await fundedKeypair(local.connection, 2);
    const tx = await signedTransfer(payer, LAMPORTS_PER_SOL / 2);
    const signature = await local.connection.sendRawTransaction(tx.serialize());
    const latest = await local.connection.getLatestBlockhash();
    await local.connection.confirmTransaction({ signature, ...latest });

    const again = await rpc("sendTransaction", [
      tx.serialize().toString("base64"),
      { encoding: "base64" },
    ]);

    expect(again.json).toMatchObject({
      error: {
        code: -32002,
        message: "Transaction simulation failed: This transaction has already been processed",
        data: { err: "AlreadyProcessed" },
      },
    });
  });

  it("a bad signature is refused with -32003", async () => {
    const payer = await fundedKeypair(local.connection, 1);
    const bytes = (await signedTransfer(payer, 1000)).serialize();
    bytes[10] = (bytes[10] as number) ^ 0xff;

    const res = await rpc("sendTransaction", [bytes.toString("base64"), { encoding: "base64" }]);

    expect(res.json).toMatchObject({
      error: { code: -32003, message: "Transaction signature verification failure" },
    });
  });

  it("signatures are checked before the blockhash, as a validator orders it", async () => {
    const payer = Keypair.generate();
    const tx = new Transaction({
      feePayer: payer.publicKey,
      recentBlockhash: Keypair.generate().publicKey.toBase58(),
    }).add(
      SystemProgram.transfer({
        fromPubkey: payer.publicKey,
        toPubkey: payer.publicKey,
        lamports: 1,
      }),
    );
    tx.sign(payer);
    const bytes = tx.serialize();
    bytes[5] = (bytes[5] as number) ^ 0xff;

    const bad = await rpc("sendTransaction", [bytes.toString("base64"), { encoding: "base64" }]);
    const good = await rpc("sendTransaction", [
      tx.serialize().toString("base64"),
      { encoding: "base64" },
    ]);

    expect(bad.json).toMatchObject({ error: { code: -32003 } });
    expect(good.json).toMatchObject({
      error: { code: -32002, message: "Transaction simulation failed: Blockhash not found" },
    });
  });

  it("an airdrop that fails on chain is an error, not a signature", async () => {
    // One lamport cannot make a new account rent-exempt: the faucet's transfer fails.
    const res = await rpc("requestAirdrop", [Keypair.generate().publicKey.toBase58(), 1]);
    expect(res.json).toMatchObject({ error: { code: -32603, message: /airdrop request failed/ } });
  });

  it("simulateTransaction returns logs and units and changes nothing", async () => {
    const payer = await fundedKeypair(local.connection, 3);
    const tx = await signedTransfer(payer, LAMPORTS_PER_SOL);

    const sim = await local.connection.simulateTransaction(tx);

    expect(sim.value.err).toBeNull();
    expect(sim.value.logs).toContain("Program 11111111111111111111111111111111 success");
    expect(sim.value.unitsConsumed).toBeGreaterThan(0);
    expect(await local.connection.getBalance(payer.publicKey)).toBe(3 * LAMPORTS_PER_SOL);
    const failing = await local.connection.simulateTransaction(
      await signedTransfer(payer, 9 * LAMPORTS_PER_SOL),
    );
    expect(failing.value.err).toEqual({ InstructionError: [0, { Custom: 1 }] });
    expect(failing.value.logs?.join("\n")).toContain("insufficient lamports");
  });
});

describe("local chain - garbage requests are refused without harm", () => {
  it("malformed JSON, invalid request, unknown method, bad params", async () => {
    expect((await rawRpc(local.chain.rpcUrl, "{not json")).json).toMatchObject({
      error: { code: -32700 },
      id: null,
    });
    expect(
      (await rawRpc(local.chain.rpcUrl, JSON.stringify({ id: 1, method: "getSlot" }))).json,
    ).toMatchObject({
      error: { code: -32600 },
    });
    expect((await rawRpc(local.chain.rpcUrl, "[]")).json).toMatchObject({
      error: { code: -32600 },
    });
    expect((await rpc("getSlotz", [])).json).toMatchObject({
      error: { code: -32601, message: "Method not found" },
      id: 7,
    });
    expect((await rpc("getBalance", ["not-an-address"])).json).toMatchObject({
      error: { code: -32602 },
    });
    expect((await rpc("getBalance", [42])).json).toMatchObject({ error: { code: -32602 } });
  });

  it("bad base64, bad base58, undecodable and oversized transactions", async () => {
    const bad64 = await rpc("sendTransaction", ["!!!not base64!!!", { encoding: "base64" }]);
    expect(bad64.json).toMatchObject({ error: { code: -32602, message: /base64/ } });
    const bad58 = await rpc("sendTransaction", ["0OIl"]);
    expect(bad58.json).toMatchObject({ error: { code: -32602, message: /base58/ } });
    const junk = await rpc("sendTransaction", [
      Buffer.from([1, 2, 3]).toString("base64"),
      { encoding: "base64" },
    ]);
    expect(junk.json).toMatchObject({ error: { code: -32602, message: /failed to deserialize/ } });
    const huge = await rpc("sendTransaction", [
      Buffer.alloc(1300, 1).toString("base64"),
      { encoding: "base64" },
    ]);
    expect(huge.json).toMatchObject({ error: { code: -32602, message: /too large/ } });
    const oversizeDecoded = await rpc("simulateTransaction", [
      Buffer.alloc(1233, 1).toString("base64"),
      { encoding: "base64" },
    ]);
    expect(oversizeDecoded.json).toMatchObject({
      error: { code: -32602, message: /too large: 1233 bytes/ },
    });
    // Still serving after all of that.
    expect(await local.connection.getSlot()).toBeGreaterThan(0);
  });

  it("a body over the request limit gets 413 and a JSON-RPC error", async () => {
    const res = await rawRpc(
      local.chain.rpcUrl,
      JSON.stringify({ jsonrpc: "2.0", id: 1, method: "getSlot", pad: "x".repeat(60_000) }),
    );
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ error: { code: -32600 } });
  });

  it("a batch answers each request in order", async () => {
    const res = await rawRpc(
      local.chain.rpcUrl,
      JSON.stringify([
        { jsonrpc: "2.0", id: 1, method: "getHealth" },
        { jsonrpc: "2.0", id: 2, method: "nope" },
        { jsonrpc: "2.0", id: 3, method: "getSlot" },
      ]),
    );
    const [a, b, c] = res.json as Array<Record<string, unknown>>;
    expect(a).toMatchObject({ id: 1, result: "ok" });
    expect(b).toMatchObject({ id: 2, error: { code: -32601 } });
    expect(typeof c?.result).toBe("number");
  });
});
