import { createHash } from "node:crypto";

/** Anchor's 8-byte discriminator: the first bytes of sha256("<namespace>:<name>"). */
export function discriminator(namespace: "global" | "account" | "event", name: string): number[] {
  const digest = createHash("sha256").update(`${namespace}:${name}`).digest();
  return [...digest.subarray(0, 8)];
}

/** The discriminator as the little-endian u64 the C side compares against. */
export function discriminatorU64(bytes: readonly number[]): bigint {
  return Buffer.from(bytes).readBigUInt64LE(0);
}
