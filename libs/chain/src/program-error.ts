/**
 * Custom program error number from a tx err (`{InstructionError: [i, {Custom: n}]}`) and the
 * failing instruction index; undefined for any other error (a builtin one such as
 * `"InsufficientFundsForRent"` or `{InstructionError: [i, "InvalidAccountData"]}`).
 */
export function programErrorOf(
  err: unknown,
): { instructionIndex: number; code: number } | undefined {
  if (err === null || typeof err !== "object") return undefined;
  const pair = (err as { InstructionError?: unknown }).InstructionError;
  if (!Array.isArray(pair) || pair.length !== 2) return undefined;
  const [instructionIndex, inner] = pair as [unknown, unknown];
  if (typeof instructionIndex !== "number" || inner === null || typeof inner !== "object")
    return undefined;
  const code = (inner as { Custom?: unknown }).Custom;
  if (typeof code !== "number") return undefined;
  return { instructionIndex, code };
}
