import { z } from "zod";

/**
 * Zod schemas for single environment variables, each with an error message that states the
 * rule in words an operator can act on ("must be a whole number between 1 and 65535").
 */

/** A whole number within [min, max]. */
export function envInt(min: number, max: number) {
  const rule = `must be a whole number between ${min} and ${max}`;
  return z
    .string()
    .regex(/^\s*-?\d+\s*$/, { error: rule })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: rule }).max(max, { error: rule }));
}

/** A TCP port; 0 asks the OS for a free one (used by tests). */
export function envPort() {
  return envInt(0, 65_535);
}

/** A duration in milliseconds, at least `min`. */
export function envMillis(min = 0, max = 3_600_000) {
  return envInt(min, max);
}

/** One of a fixed set of words. */
export function envEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of: ${values.join(", ")}` });
}

/** `true`/`false` (also 1/0, yes/no). */
export function envBool() {
  return z
    .string()
    .transform((v) => v.trim().toLowerCase())
    .pipe(z.enum(["true", "false", "1", "0", "yes", "no"], { error: "must be true or false" }))
    .transform((v) => v === "true" || v === "1" || v === "yes");
}

/** A URL whose scheme is one of `protocols` (for example ["http", "https"]). */
export function envUrl(protocols: readonly string[]) {
  const rule = `must be a URL with scheme ${protocols.join(" or ")}`;
  return z.string().refine((v) => hasScheme(v, protocols), { error: rule });
}

/** A comma-separated list of URLs, each with one of `protocols`; yields the list. */
export function envUrlList(protocols: readonly string[]) {
  const rule = `must be a comma-separated list of URLs with scheme ${protocols.join(" or ")}`;
  return z
    .string()
    .transform((v) => v.split(",").map((s) => s.trim()))
    .refine((list) => list.length > 0 && list.every((v) => hasScheme(v, protocols)), {
      error: rule,
    });
}

/** A non-empty string without surrounding blanks. */
export function envText() {
  return z.string().trim().min(1, { error: "must not be blank" });
}

function hasScheme(value: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(value.trim());
    return protocols.includes(url.protocol.replace(/:$/, "")) && url.hostname !== "";
  } catch {
    return false;
  }
}
