import { describe, expect, it } from "vitest";
import { Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";
import { firstSignatureOf, sendAndConfirm } from "../src/index.js";
import { fakeRpc, forward, reply } from "@pod/testing";
import { funded, localChain, poolOf, signedTx, transfer } from "./support/chain.js";

const local = localChain();

describe("rebroadcast", () => {
  it("resends the same signed bytes until they land; the transfer lands exactly once", async () => {
    // An endpoint that acknowledges the first three sends and drops them, as a validator
    // whose leader never got the packet would: only rebroadcasts can land the transaction.
    let dropped = 0;
    const lossy = await fakeRpc(local.chain.rpcUrl, (r) => {
      if (r.method === "sendTransaction" && dropped < 3) {
        dropped++;
        const [wire] = r.params as [string];
        return reply(200, { jsonrpc: "2.0", id: r.id, result: signatureOfBase64(wire) });
      }
      return forward();
    });
    const pool = poolOf([lossy.url]);
    try {
      const payer = await funded(pool, 1);
      const to = Keypair.generate().publicKey;
      const latest = await pool.call("getLatestBlockhash", (c) => c.getLatestBlockhash());
      const { raw, signature } = signedTx(
        [payer],
        [transfer(payer, to, LAMPORTS_PER_SOL / 100)],
        latest.blockhash,
      );

      const outcome = await sendAndConfirm(pool, raw, {
        signature,
        lastValidBlockHeight: latest.lastValidBlockHeight,
        rebroadcastMs: 50,
        pollMs: 20,
      });
      expect(outcome).toMatchObject({ status: "confirmed", signature });

      const sends = lossy.requests.filter((r) => r.method === "sendTransaction");
      expect(sends.length).toBeGreaterThanOrEqual(4);
      const wires = new Set(sends.map((r) => (r.params as [string])[0]));
      expect(wires).toEqual(new Set([Buffer.from(raw).toString("base64")]));

      // A later duplicate of the same bytes (a rebroadcast that crossed the confirmation)
      // changes nothing either.
      await pool.call("sendTransaction", (c) =>
        c.sendRawTransaction(raw, { skipPreflight: true, maxRetries: 0 }),
      );
      await new Promise((r) => setTimeout(r, 200));
      expect(await pool.call("getBalance", (c) => c.getBalance(to))).toBe(LAMPORTS_PER_SOL / 100);
      expect(await pool.call("getBalance", (c) => c.getBalance(payer.publicKey))).toBe(
        LAMPORTS_PER_SOL - LAMPORTS_PER_SOL / 100 - 5000,
      );
    } finally {
      pool.close();
      await lossy.close();
    }
  });
});

function signatureOfBase64(wire: string): string {
  return firstSignatureOf(Buffer.from(wire, "base64")) as string;
}
