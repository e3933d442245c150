import { recordDataHash } from "@pod/program";
import { toBase64, toHex, type InclusionProof } from "@pod/protocol";
import type { PublicKey } from "@solana/web3.js";
import type { BookedLeaf } from "./leaf-book.js";
import { COMPRESSED_MESSAGE_DISCRIMINATOR } from "./pod-record.js";

/** What a proof is assembled from: a booked leaf and its path in the local tree. */
export interface ProofParts {
  tree: PublicKey;
  owner: PublicKey;
  leaf: BookedLeaf;
  leafHash: Uint8Array;
  siblings: readonly Uint8Array[];
  root: Uint8Array;
}

/** The protocol's `inclusionProof` wire shape (hex, base64, base58 as the schema says). */
export function toWireProof(parts: ProofParts): InclusionProof {
  const { leaf } = parts;
  return {
    tree: parts.tree.toBase58(),
    leafIndex: leaf.leafIndex,
    account: {
      owner: parts.owner.toBase58(),
      lamports: leaf.lamports.toString(10),
      discriminator: toHex(COMPRESSED_MESSAGE_DISCRIMINATOR),
      data: toBase64(leaf.data),
      // Booked leaves were checked to carry exactly this hash when they were read.
      dataHash: toHex(recordDataHash(leaf.data)),
    },
    leaf: toHex(parts.leafHash),
    siblings: parts.siblings.map(toHex),
    root: toHex(parts.root),
    signature: leaf.signature,
    slot: leaf.slot,
  };
}
