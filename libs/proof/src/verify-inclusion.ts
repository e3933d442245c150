import { hashCompressedAccount, isBn254FieldElement, poseidon } from "@pod/light";
import { PROGRAM_ID, recordDataHash } from "@pod/program";
import { fromBase64, fromHex, inclusionProof, toHex, type InclusionProof } from "@pod/protocol";
import { PublicKey } from "@solana/web3.js";
import { decodePodRecord, equalBytes } from "./pod-record.js";
import { rootHistoryOf, type RootHistory } from "./tree-roots.js";

/** Why a proof was refused; each names the first check that failed. */
export const VERIFY_FAILURE_CODES = [
  "MALFORMED_PROOF",
  "TREE_ACCOUNT_INVALID",
  "NOT_A_POD_RECORD",
  "OWNER_MISMATCH",
  "COMMITMENT_MISMATCH",
  "SENDER_MISMATCH",
  "DATA_HASH_MISMATCH",
  "LEAF_MISMATCH",
  "ROOT_MISMATCH",
  "ROOT_NOT_ON_CHAIN",
] as const;

export type VerifyFailureCode = (typeof VERIFY_FAILURE_CODES)[number];

export type VerifyResult = { ok: true } | { ok: false; code: VerifyFailureCode; reason: string };

export interface VerifyInclusionInput {
  /** The proof as received (validated against the protocol's `inclusionProof` schema here). */
  proof: InclusionProof | unknown;
  /** The message's commitment (envelope hash): 64 hex digits or 32 bytes. */
  commitment: string | Uint8Array;
  /** The data of the state tree account `proof.tree`, as fetched from the chain. */
  treeAccountData?: Uint8Array;
  /** Instead of treeAccountData: its height and roots (fetchRootHistory reads only those). */
  rootHistory?: RootHistory;
  /** When given, the record's sender must be this agent (base58). */
  sender?: string;
  /** The program that must own the compressed account. Default: the PoD program. */
  owner?: PublicKey;
}

const fail = (code: VerifyFailureCode, reason: string): VerifyResult => ({
  ok: false,
  code,
  reason,
});

/**
 * Checks, needing nothing but the tree account's data, that `proof` shows a PoD record
 * carrying `commitment` in the state tree: the data decodes as the program's record with that
 * commitment, its data hash is the program's hash of the data, the leaf is Light's hash of the
 * account, the siblings climb to `root` and `root` is in the tree account's root history.
 */
export function verifyInclusion(input: VerifyInclusionInput): VerifyResult {
  const parsed = inclusionProof.safeParse(input.proof);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail("MALFORMED_PROOF", `${issue?.path.join(".") || "proof"}: ${issue?.message}`);
  }
  const proof = parsed.data;

  let tree: RootHistory;
  try {
    if (input.rootHistory) tree = input.rootHistory;
    else if (input.treeAccountData) tree = rootHistoryOf(input.treeAccountData);
    else return fail("TREE_ACCOUNT_INVALID", "neither treeAccountData nor rootHistory given");
  } catch (e) {
    return fail("TREE_ACCOUNT_INVALID", (e as Error).message);
  }
  if (proof.siblings.length !== tree.height) {
    return fail(
      "MALFORMED_PROOF",
      `${proof.siblings.length} siblings for a tree of height ${tree.height}`,
    );
  }
  if (proof.leafIndex >= 2 ** tree.height) {
    return fail("MALFORMED_PROOF", `leaf index ${proof.leafIndex} beyond the tree's capacity`);
  }
  const siblings = proof.siblings.map((s) => fromHex(s) as Uint8Array);
  if (!siblings.every(isBn254FieldElement)) {
    return fail("MALFORMED_PROOF", "a sibling is not a BN254 field element");
  }

  const recordCheck = checkRecord(proof, input);
  if (recordCheck) return recordCheck;

  const data = fromBase64(proof.account.data) as Uint8Array;
  const dataHash = fromHex(proof.account.dataHash) as Uint8Array;
  if (!equalBytes(dataHash, recordDataHash(data))) {
    return fail("DATA_HASH_MISMATCH", "dataHash is not the program's hash of the record data");
  }

  const leaf = hashCompressedAccount({
    owner: new PublicKey(proof.account.owner),
    leafIndex: proof.leafIndex,
    tree: new PublicKey(proof.tree),
    lamports: BigInt(proof.account.lamports),
    data: { discriminator: fromHex(proof.account.discriminator) as Uint8Array, dataHash },
  });
  if (toHex(leaf) !== proof.leaf) {
    return fail("LEAF_MISMATCH", "leaf is not Light's hash of the account at this leaf index");
  }

  const climbed = climb(leaf, proof.leafIndex, siblings);
  if (toHex(climbed) !== proof.root) {
    return fail("ROOT_MISMATCH", "the siblings do not lead from the leaf to root");
  }
  if (!tree.roots.some((r) => equalBytes(r, climbed))) {
    return fail(
      "ROOT_NOT_ON_CHAIN",
      `root is not among the tree account's ${tree.roots.length} recent roots`,
    );
  }
  return { ok: true };
}

function checkRecord(proof: InclusionProof, input: VerifyInclusionInput): VerifyResult | undefined {
  const discriminator = fromHex(proof.account.discriminator) as Uint8Array;
  const data = fromBase64(proof.account.data) as Uint8Array;
  const record = decodePodRecord(discriminator, data);
  if (!record) return fail("NOT_A_POD_RECORD", "account data is not a CompressedMessage record");

  const owner = input.owner ?? PROGRAM_ID;
  if (proof.account.owner !== owner.toBase58()) {
    return fail(
      "OWNER_MISMATCH",
      `account owned by ${proof.account.owner}, not ${owner.toBase58()}`,
    );
  }

  const commitment =
    typeof input.commitment === "string" ? fromHex(input.commitment) : input.commitment;
  if (!commitment || commitment.length !== 32) {
    return fail("COMMITMENT_MISMATCH", "the expected commitment is not 32 bytes");
  }
  if (!equalBytes(record.envelopeHash, commitment)) {
    return fail("COMMITMENT_MISMATCH", "the record carries another commitment");
  }
  if (input.sender !== undefined && record.sender.toBase58() !== input.sender) {
    return fail("SENDER_MISMATCH", `the record names sender ${record.sender.toBase58()}`);
  }
  return undefined;
}

/** The root reached from `leaf` at `leafIndex` through `siblings` (bottom first). */
export function climb(leaf: Uint8Array, leafIndex: number, siblings: readonly Uint8Array[]) {
  let node = leaf;
  let index = leafIndex;
  for (const sibling of siblings) {
    node = index % 2 === 0 ? poseidon([node, sibling]) : poseidon([sibling, node]);
    index = Math.floor(index / 2);
  }
  return node;
}
