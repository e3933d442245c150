/**
 * Program accounts as the SDK's chain reads return them (Anchor-decoded: PublicKeys, BNs, byte
 * arrays, enums as `{ variant: {} }`) turned into plain JSON values for printing. Field names
 * are kept as decoded.
 */
export function plainAccount(account: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(account).map(([k, v]) => [k, plain(v)]));
}

function plain(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object") return value;
  const v = value as { toBase58?: () => string; toString?: () => string; constructor?: unknown };
  if (typeof v.toBase58 === "function") return v.toBase58();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("hex");
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((x) => Number.isInteger(x) && x >= 0 && x < 256)) {
      return Buffer.from(value as number[]).toString("hex");
    }
    return value.map(plain);
  }
  // BN (anchor's u64/i64) prints its decimal value.
  if ((value as { constructor?: { name?: string } }).constructor?.name === "BN")
    return String(value);
  const entries = Object.entries(value);
  // An Anchor enum is an object with one key whose value is an empty object.
  if (entries.length === 1 && isEmptyObject(entries[0]![1])) return entries[0]![0];
  return Object.fromEntries(entries.map(([k, x]) => [k, plain(x)]));
}

function isEmptyObject(x: unknown): boolean {
  return typeof x === "object" && x !== null && !Array.isArray(x) && Object.keys(x).length === 0;
}

/** `metadata_uri` -> `metadata uri` for human field labels. */
export function label(key: string): string {
  return key
    .replace(/_/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
}

export function display(value: unknown, key = ""): string {
  if (value === null || value === undefined) return "-";
  // Timestamps are unix ms in fields named *At / *_at.
  if (typeof value === "number" && /(At|_at)$/.test(key) && value > 1e11) {
    return new Date(value).toISOString();
  }
  if (typeof value === "object") return JSON.stringify(value);
  const s = String(value);
  return s === "" ? "-" : s;
}
