/**
 * Records of append_compressed_messages that fit one 1,232-byte packet with two signatures
 * (fee payer and relayer) and no compute-budget instruction; test/compressed.test.ts checks
 * both figures against real serialized transactions.
 */
export const RECORDS_PER_LEGACY_TX = 10;
/** The same in a v0 transaction whose fixed accounts come from compressedLookupAddresses(). */
export const RECORDS_PER_LOOKUP_TABLE_TX = 14;
/** Compute units of a full lookup-table append stay under the default 200,000 per instruction. */
export const DEFAULT_COMPUTE_UNIT_LIMIT = 200_000;
