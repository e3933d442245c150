import { PublicKey } from "@solana/web3.js";
import { loadIdl, pdas, PROGRAM_ID } from "./program.js";

/**
 * Addresses append_compressed_messages always uses, for an address lookup table: every fixed
 * account of the instruction plus the protocol and cpi_authority PDAs and the given trees.
 * Signers and the invoked program itself stay in the transaction's static keys.
 */
export function compressedLookupAddresses(trees: readonly PublicKey[]): PublicKey[] {
  const ix = loadIdl().instructions.find((i) => i.name === "append_compressed_messages");
  const fixed = (ix?.accounts ?? [])
    .map((a) => (a as { address?: string }).address)
    .filter((a): a is string => a !== undefined)
    .map((a) => new PublicKey(a));
  return [pdas.protocol(), pdas.cpiAuthority(), ...fixed, ...trees].filter(
    (k) => !k.equals(PROGRAM_ID),
  );
}
