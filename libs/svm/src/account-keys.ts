import type { AccountState } from "./accounts.js";
import { addressText } from "./accounts.js";
import type { WireTransaction } from "./wire.js";

const LOOKUP_TABLE_META_SIZE = 56;

export interface ResolvedKeys {
  /** Static keys, then loaded writable, then loaded readonly: the runtime's index order. */
  keys: string[];
  loaded: { writable: string[]; readonly: string[] };
}

/**
 * Every account the transaction can touch. A lookup table that is missing or too short is
 * skipped here; the runtime then refuses the transaction with its own error.
 */
export function resolveAccountKeys(
  tx: WireTransaction,
  read: (address: string) => AccountState | null,
): ResolvedKeys {
  const writable: string[] = [];
  const readonly: string[] = [];
  for (const lookup of tx.addressTableLookups) {
    const table = read(lookup.accountKey);
    if (table === null) continue;
    const at = (i: number): string | undefined => {
      const start = LOOKUP_TABLE_META_SIZE + i * 32;
      if (start + 32 > table.data.length) return undefined;
      return addressText(table.data.subarray(start, start + 32));
    };
    for (const i of lookup.writableIndexes) {
      const a = at(i);
      if (a !== undefined) writable.push(a);
    }
    for (const i of lookup.readonlyIndexes) {
      const a = at(i);
      if (a !== undefined) readonly.push(a);
    }
  }
  return {
    keys: [...tx.staticAccountKeys, ...writable, ...readonly],
    loaded: { writable, readonly },
  };
}
