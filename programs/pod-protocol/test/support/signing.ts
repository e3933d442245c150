import { createHash, createPrivateKey, sign } from "node:crypto";
import type { Keypair } from "@solana/web3.js";
import type { SignedDigest } from "../../src/ed25519.js";
import { keypair } from "./pod.js";

/** The Node KeyObject of a web3.js keypair's ed25519 secret (PKCS#8 around its seed). */
export function ed25519PrivateKey(k: Keypair) {
  const prefix = Buffer.from("302e020100300506032b657004220420", "hex");
  return createPrivateKey({
    key: Buffer.concat([prefix, Buffer.from(k.secretKey.subarray(0, 32))]),
    format: "der",
    type: "pkcs8",
  });
}

/** `n` agents, each signing the digest of its own canonical request. */
export function signedDigests(n: number, tag: string): SignedDigest[] {
  return Array.from({ length: n }, (_, i) => {
    const agent = keypair(`${tag}-signer-${i}`);
    const digest = createHash("sha256").update(`request ${tag} ${i}`).digest();
    return {
      publicKey: agent.publicKey,
      digest,
      signature: sign(null, digest, ed25519PrivateKey(agent)),
    };
  });
}
