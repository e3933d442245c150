import { PublicKey } from "@solana/web3.js";

/** Light System Program: creates compressed accounts (invoke / invoke_cpi). */
export const LIGHT_SYSTEM_PROGRAM_ID = new PublicKey("SySTEM1eSU2p4BGQfQpimFEWWSC1XDFeun3Nqzz3rT7");
/** Account Compression Program: owns the Merkle trees and queues. */
export const ACCOUNT_COMPRESSION_PROGRAM_ID = new PublicKey(
  "compr6CUsB5m2jS4Y3831ztGSTnDpnKJTKS95d64XVq",
);
/** SPL noop program, still a required account of invoke_cpi. */
export const NOOP_PROGRAM_ID = new PublicKey("noopb9bkMVfRPU8AsbpTUg8AQkHtKwMYZiFUjNRtMmV");
/** Light Registry: forester and protocol configuration. */
export const LIGHT_REGISTRY_PROGRAM_ID = new PublicKey(
  "Lighton6oQpVkeewmo2mcPTQQp7kYHr4fWpAgJyEmDX",
);
/** Light's compressed token program. */
export const LIGHT_COMPRESSED_TOKEN_PROGRAM_ID = new PublicKey(
  "cTokenmWW8bLPjZEBAUgYy3zKxQZW6VKi7bqNFEVv3m",
);
export const SYSTEM_PROGRAM_ID = new PublicKey("11111111111111111111111111111111");

/** The Light System Program's registration with account compression (a genesis account). */
export const REGISTERED_PROGRAM_PDA = new PublicKey("35hkDgaAKwMCaxRz2ocSZ6NaUrtKkyNqU6c4RV3tYJRh");

/** V1 (concurrent) state Merkle tree of height 26, appendable without a forester. */
export const STATE_TREE_V1 = new PublicKey("smt1NamzXdq4AMqS2fS2F1i5KTYPZRhoHgWx38d8WsT");
/** The nullifier queue paired with STATE_TREE_V1. */
export const NULLIFIER_QUEUE_V1 = new PublicKey("nfq1NvQDJ2GEgnS8zt9prAe8rjjpAW1zFkrvZoBR148");
/** Second V1 state tree and its queue. */
export const STATE_TREE_V1_2 = new PublicKey("smt2rJAFdyJJupwMKAqTNAJwvjhmiZ4JYGZmbVRw1Ho");
export const NULLIFIER_QUEUE_V1_2 = new PublicKey("nfq2hgS7NYemXsFaFUCe3EMXSDSfnZnAe27jC6aPP1X");
/** First V2 (batched) state tree and its output queue: need a forester, see README. */
export const STATE_TREE_V2 = new PublicKey("bmt1LryLZUMmF7ZtqESaw7wifBXLfXHQYoE4GAmrahU");
export const OUTPUT_QUEUE_V2 = new PublicKey("oq1na8gojfdUhsfCpyjNt6h4JaDWtHf1yQj4koBWfto");
/** V1 indexed address tree and its queue (new addresses need a prover, see README). */
export const ADDRESS_TREE_V1 = new PublicKey("amt1Ayt45jfbdw5YSo7iz6WZxUmnZsQTYXy82hVwyC2");
export const ADDRESS_QUEUE_V1 = new PublicKey("aq1S9z4reTSQAdgWHGD2zDaS39sjGrAxbR31vxJ2F4F");
/** Light's default governance group for trees. */
export const GROUP_PDA = new PublicKey("24rt4RgeyjUCWGS2eF7L7gyNMuz6JWdqYpAvb1KRoHxs");

/** V1 state trees hold 2^26 leaves. */
export const STATE_TREE_V1_HEIGHT = 26;

const CPI_AUTHORITY_SEED = Buffer.from("cpi_authority");

/** The `["cpi_authority"]` PDA of `programId`: the signer a program uses when it CPIs Light. */
export function cpiAuthorityPda(programId: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([CPI_AUTHORITY_SEED], programId)[0];
}

/** The bump of `cpiAuthorityPda(programId)`, for programs that sign with it. */
export function cpiAuthorityBump(programId: PublicKey): number {
  return PublicKey.findProgramAddressSync([CPI_AUTHORITY_SEED], programId)[1];
}

/** The Light System Program's own cpi_authority: it signs account-compression calls. */
export const ACCOUNT_COMPRESSION_AUTHORITY = cpiAuthorityPda(LIGHT_SYSTEM_PROGRAM_ID);
