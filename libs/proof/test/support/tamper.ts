import { fromBase64, fromHex, toBase64, toHex, type InclusionProof } from "@pod/protocol";
import { climb } from "../../src/verify-inclusion.js";

/** A deep copy of `proof` with `change` applied. */
export function tampered(proof: InclusionProof, change: (p: InclusionProof) => void) {
  const copy = structuredClone(proof);
  change(copy);
  return copy;
}

/** Flips one bit of the record data at `offset`. */
export function flipDataByte(proof: InclusionProof, offset: number): InclusionProof {
  return tampered(proof, (p) => {
    const data = fromBase64(p.account.data)!;
    data[offset] = (data[offset] as number) ^ 1;
    p.account.data = toBase64(data);
  });
}

/**
 * A proof whose siblings are consistent with its root, but for another tree: sibling `level`
 * replaced by a valid field element and the root recomputed by climbing.
 */
export function selfConsistentElsewhere(proof: InclusionProof, level: number): InclusionProof {
  return tampered(proof, (p) => {
    const sibling = Buffer.alloc(32);
    sibling[31] = 7;
    p.siblings[level] = sibling.toString("hex");
    const root = climb(
      fromHex(p.leaf)!,
      p.leafIndex,
      p.siblings.map((s) => fromHex(s)!),
    );
    p.root = toHex(root);
  });
}
