import { Keypair as Web3Keypair, PublicKey, SystemProgram, Transaction } from "@solana/web3.js";
import nacl from "tweetnacl";
import { describe, expect, it } from "vitest";
import {
  canonicalRequestBytes,
  formatKeypairFile,
  fromBase58,
  keypairFromSecretKey,
  parseKeypairFile,
  signBytes,
  signRequest,
  toBase58,
  verifyBytes,
  verifyRequest,
} from "../src/index.js";
import { general, T0 } from "./examples.js";

const seed = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);

describe("solana compatibility", () => {
  it("solana compat - a web3.js Keypair's secret key gives the same public key", () => {
    const web3 = Web3Keypair.fromSeed(seed);
    const ours = keypairFromSecretKey(web3.secretKey);
    expect(ours.address).toBe(web3.publicKey.toBase58());
    expect(Array.from(ours.secretKey)).toEqual(Array.from(web3.secretKey));
  });

  it("solana compat - a keypair file written by web3.js parses, and ours loads in web3.js", () => {
    const web3 = Web3Keypair.generate();
    const file = JSON.stringify(Array.from(web3.secretKey));
    expect(parseKeypairFile(file).address).toBe(web3.publicKey.toBase58());
    const back = Web3Keypair.fromSecretKey(
      Uint8Array.from(JSON.parse(formatKeypairFile(parseKeypairFile(file)))),
    );
    expect(back.publicKey.toBase58()).toBe(web3.publicKey.toBase58());
  });

  it("solana compat - a request signed with nacl and a web3.js key verifies here", () => {
    const web3 = Web3Keypair.fromSeed(seed);
    const unsigned = {
      v: 1,
      id: "nacl-signed-0000001",
      op: "update_agent",
      agent: web3.publicKey.toBase58(),
      ts: T0,
      body: { capabilities: "7" },
    } as const;
    const sig = nacl.sign.detached(canonicalRequestBytes(unsigned), web3.secretKey);
    expect(() => verifyRequest({ ...unsigned, sig: toBase58(sig) })).not.toThrow();
  });

  it("solana compat - a request signed here verifies with nacl against the web3.js key", () => {
    const web3 = Web3Keypair.fromSeed(seed);
    const signed = signRequest(
      {
        v: 1,
        id: "ours-signed-0000001",
        op: "leave_channel",
        ts: T0,
        body: { channel: general },
      },
      keypairFromSecretKey(web3.secretKey),
    );
    const ok = nacl.sign.detached.verify(
      canonicalRequestBytes(signed),
      fromBase58(signed.sig)!,
      web3.publicKey.toBytes(),
    );
    expect(ok).toBe(true);
  });

  it("solana compat - transaction signatures verify across web3.js and this library", () => {
    const web3 = Web3Keypair.fromSeed(seed);
    const tx = new Transaction({
      feePayer: web3.publicKey,
      blockhash: "EETubP5AKHgjPAhzPAFcb8BAY1hMH639CWCFTqi3hq1k",
      lastValidBlockHeight: 1,
    }).add(
      SystemProgram.transfer({
        fromPubkey: web3.publicKey,
        toPubkey: new PublicKey(toBase58(new Uint8Array(32).fill(9))),
        lamports: 1,
      }),
    );
    const message = tx.serializeMessage();

    tx.sign(web3);
    expect(verifyBytes(message, tx.signature!, web3.publicKey.toBytes())).toBe(true);

    const ours = keypairFromSecretKey(web3.secretKey);
    const fresh = Transaction.populate(tx.compileMessage());
    fresh.addSignature(web3.publicKey, Buffer.from(signBytes(message, ours)));
    expect(fresh.verifySignatures()).toBe(true);
  });
});
