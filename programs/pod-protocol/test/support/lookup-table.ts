import {
  AddressLookupTableAccount,
  AddressLookupTableProgram,
  Keypair,
  type PublicKey,
} from "@solana/web3.js";
import type { SvmHarness } from "@pod/svm";

const LOOKUP_TABLE_META_SIZE = 56;

/**
 * Writes an active lookup table holding `addresses` straight into the chain's state (as a
 * genesis account), last extended one slot before the current one so it is usable at once.
 */
export function installLookupTable(
  svm: SvmHarness,
  addresses: PublicKey[],
): AddressLookupTableAccount {
  const key = Keypair.generate().publicKey;
  const data = Buffer.alloc(LOOKUP_TABLE_META_SIZE + 32 * addresses.length);
  data.writeUInt32LE(1, 0); // ProgramState::LookupTable
  data.writeBigUInt64LE(2n ** 64n - 1n, 4); // deactivation_slot: never
  data.writeBigUInt64LE(svm.slot - 1n, 12); // last_extended_slot
  data.writeUInt8(0, 20); // last_extended_slot_start_index
  data.writeUInt8(0, 21); // authority: None (frozen)
  addresses.forEach((a, i) => a.toBuffer().copy(data, LOOKUP_TABLE_META_SIZE + 32 * i));
  svm.setAccount(key.toBase58(), {
    lamports: svm.minimumBalanceForRentExemption(data.length),
    data,
    owner: AddressLookupTableProgram.programId.toBase58(),
    executable: false,
    rentEpoch: 0n,
  });
  return new AddressLookupTableAccount({ key, state: AddressLookupTableAccount.deserialize(data) });
}
