import type { AccountState } from "./accounts.js";
import { addressText } from "./accounts.js";
import type { WireTransaction } from "./wire.js";

const SYSTEM_PROGRAM = "11111111111111111111111111111111";
const ADVANCE_NONCE_ACCOUNT = 4;
const NONCE_ACCOUNT_SIZE = 80;
const NONCE_VALUE_OFFSET = 40;

/**
 * Whether the transaction is a durable-nonce one whose nonce account currently holds its
 * "blockhash": then it is valid however old that value is, as on a cluster.
 */
export function durableNonceMatches(
  tx: WireTransaction,
  read: (address: string) => AccountState | null,
): boolean {
  const first = tx.instructions[0];
  if (first === undefined || tx.staticAccountKeys[first.programIdIndex] !== SYSTEM_PROGRAM) {
    return false;
  }
  const data = first.data;
  if (
    data.length < 4 ||
    new DataView(data.buffer, data.byteOffset).getUint32(0, true) !== ADVANCE_NONCE_ACCOUNT
  ) {
    return false;
  }
  const nonceIndex = first.accounts[0];
  const nonceAddress = nonceIndex === undefined ? undefined : tx.staticAccountKeys[nonceIndex];
  if (nonceAddress === undefined) return false;
  const nonce = read(nonceAddress);
  if (nonce === null || nonce.owner !== SYSTEM_PROGRAM || nonce.data.length < NONCE_ACCOUNT_SIZE) {
    return false;
  }
  const value = addressText(nonce.data.subarray(NONCE_VALUE_OFFSET, NONCE_VALUE_OFFSET + 32));
  return value === tx.recentBlockhash;
}
