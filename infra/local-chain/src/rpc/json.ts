// Marks a bigint so it can be written as a bare JSON number after stringify: a validator
// writes u64 values (rentEpoch u64::MAX, lamports) exactly, and kit parses them as bigints.
// JSON.stringify escapes the NUL, so the mark appears as the six characters \u0000 in the text.
const MARK = "\u0000n:";
const MARKED = /"\\u0000n:(-?\d+)"/g;

/** JSON text with every bigint written as an exact integer literal. */
export function stringifyExact(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) =>
    typeof v === "bigint" ? `${MARK}${v.toString()}` : v,
  );
  return text.replace(MARKED, "$1");
}
