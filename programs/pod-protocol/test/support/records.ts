import { createHash } from "node:crypto";
import { Keypair, type PublicKey } from "@solana/web3.js";
import { bytes } from "./pod.js";

/** Records as a relayer would pack them: each from its own agent, each with its envelope. */
export function records(
  n: number,
  tag: string,
): Array<{ sender: PublicKey; envelope_hash: number[] }> {
  return Array.from({ length: n }, (_, i) => ({
    sender: Keypair.fromSeed(createHash("sha256").update(`${tag}-${i}`).digest()).publicKey,
    envelope_hash: [...createHash("sha256").update(`envelope-${tag}-${i}`).digest()],
  }));
}

export { bytes };
