import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import {
  Connection,
  Keypair,
  LAMPORTS_PER_SOL,
  SystemProgram,
  Transaction,
  type AccountInfo,
  type KeyedAccountInfo,
  type Logs,
  type SignatureResult,
} from "@solana/web3.js";
import { chainForTests, fundedKeypair } from "./support/spawn-chain.js";

// A free port P whose neighbour P + 1 is also free right now, for web3.js's derived WS port.
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((done) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => done(p));
      });
    });
    if (port >= 65535) continue;
    const nextFree = await new Promise<boolean>((done) => {
      const s = createServer()
        .once("error", () => done(false))
        .listen(port + 1, "127.0.0.1", () => s.close(() => done(true)));
    });
    if (nextFree) return port;
  }
}

const local = chainForTests(
  async () => ({ light: false, args: ["--port", String(await freePortPair())] }),
  // No wsEndpoint: web3.js derives ws://host:(port + 1) as it does for a validator.
  (started) => new Connection(started.rpcUrl, "confirmed"),
);

function waitFor<T>(register: (resolve: (v: T) => void) => void, ms = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no notification")), ms);
    register((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

async function signedTransfer(from: Keypair, to: Keypair["publicKey"], lamports: number) {
  const latest = await local.connection.getLatestBlockhash();
  const tx = new Transaction({ feePayer: from.publicKey, ...latest }).add(
    SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: to, lamports }),
  );
  tx.sign(from);
  return tx;
}

describe("local chain - subscriptions over the derived WebSocket port", () => {
  it("the WebSocket is served on the HTTP port + 1", () => {
    const http = Number(new URL(local.chain.rpcUrl).port);
    expect(Number(new URL(local.chain.wsUrl).port)).toBe(http + 1);
  });

  it("signatureSubscribe fires once the transaction landed", async () => {
    const payer = await fundedKeypair(local.connection, 2);
    const tx = await signedTransfer(payer, Keypair.generate().publicKey, LAMPORTS_PER_SOL);
    const signature = await local.connection.sendRawTransaction(tx.serialize(), {
      skipPreflight: true,
    });

    const result = await waitFor<SignatureResult>((done) =>
      local.connection.onSignature(signature, (r) => done(r), "confirmed"),
    );

    expect(result.err).toBeNull();
  });

  it("accountSubscribe fires with the new balance", async () => {
    const payer = await fundedKeypair(local.connection, 2);
    const bob = Keypair.generate().publicKey;
    let id = 0;
    const seen = waitFor<AccountInfo<Buffer>>((done) => {
      id = local.connection.onAccountChange(bob, (info) => done(info), { commitment: "confirmed" });
    });
    await new Promise((r) => setTimeout(r, 300));

    await local.connection.sendRawTransaction(
      (await signedTransfer(payer, bob, LAMPORTS_PER_SOL)).serialize(),
    );

    expect((await seen).lamports).toBe(LAMPORTS_PER_SOL);
    await local.connection.removeAccountChangeListener(id);
  });

  it("logsSubscribe with mentions fires for that address only", async () => {
    const payer = await fundedKeypair(local.connection, 3);
    const watched = Keypair.generate().publicKey;
    const other = Keypair.generate().publicKey;
    const forOther: Logs[] = [];
    const otherId = local.connection.onLogs(other, (l) => forOther.push(l), "confirmed");
    let watchedId = 0;
    const seen = waitFor<Logs>((done) => {
      watchedId = local.connection.onLogs(watched, (l) => done(l), "confirmed");
    });
    await new Promise((r) => setTimeout(r, 300));

    const tx = await signedTransfer(payer, watched, LAMPORTS_PER_SOL);
    const signature = await local.connection.sendRawTransaction(tx.serialize());

    const logs = await seen;
    expect(logs.signature).toBe(signature);
    expect(logs.err).toBeNull();
    expect(logs.logs).toContain("Program 11111111111111111111111111111111 success");
    expect(forOther).toEqual([]);
    await local.connection.removeOnLogsListener(watchedId);
    await local.connection.removeOnLogsListener(otherId);
  });

  it("programSubscribe fires for accounts the program owns that changed", async () => {
    const payer = await fundedKeypair(local.connection, 2);
    const bob = Keypair.generate().publicKey;
    let id = 0;
    const seen = waitFor<KeyedAccountInfo>((done) => {
      id = local.connection.onProgramAccountChange(
        SystemProgram.programId,
        (keyed) => {
          if (keyed.accountId.equals(bob)) done(keyed);
        },
        { commitment: "confirmed" },
      );
    });
    await new Promise((r) => setTimeout(r, 300));

    const tx = await signedTransfer(payer, bob, LAMPORTS_PER_SOL);
    await local.connection.sendRawTransaction(tx.serialize());

    expect((await seen).accountInfo.lamports).toBe(LAMPORTS_PER_SOL);
    await local.connection.removeProgramAccountChangeListener(id);
  });

  it("slotSubscribe reports advancing slots", async () => {
    const slots: number[] = [];
    const id = local.connection.onSlotChange((s) => slots.push(s.slot));
    await waitFor<void>((done) => {
      const timer = setInterval(() => {
        if (slots.length >= 3) {
          clearInterval(timer);
          done();
        }
      }, 50);
    });
    await local.connection.removeSlotChangeListener(id);
    expect(slots[2]).toBeGreaterThan(slots[0] as number);
  });
});
