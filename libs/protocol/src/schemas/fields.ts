import { z } from "zod";
import { base64DecodedLength, fromBase64, isBase58OfLength } from "../encoding.js";
import { REQUEST_ID_PATTERN } from "../ids.js";
import {
  HASH_BYTES,
  MAX_CONTENT_TYPE_BYTES,
  MAX_REASON_BYTES,
  PROTOCOL_VERSION,
  PUBLIC_KEY_BYTES,
  SIGNATURE_BYTES,
  U64_MAX,
} from "../limits.js";
import { textProblem, type TextRules } from "../text.js";

/**
 * Field schemas shared by every payload. Issues that map to a code other than SCHEMA_INVALID
 * carry it in `params.podCode` so validation can raise the right error class.
 */

export const version = z.literal(PROTOCOL_VERSION);

/** Unix time in milliseconds. */
export const unixMs = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

function base58Of(length: number, what: string) {
  return z
    .string()
    .refine((s) => isBase58OfLength(s, length), `must be a base58 ${what} (${length} bytes)`);
}

/** An ed25519 public key (an agent's address), base58. */
export const publicKey = base58Of(PUBLIC_KEY_BYTES, "public key");
/** An ed25519 signature, base58. */
export const signature = base58Of(SIGNATURE_BYTES, "signature");
/** A channel id, base58 of 32 bytes (see channelId). */
export const channelRef = base58Of(HASH_BYTES, "channel id");
/** A message id: the request key of the request that sent it, base58 of 32 bytes. */
export const messageRef = base58Of(HASH_BYTES, "message id");
/** A request key, base58 of 32 bytes (see requestKey). */
export const requestKeyField = base58Of(HASH_BYTES, "request key");

export const requestId = z
  .string()
  .regex(REQUEST_ID_PATTERN, "must be 16..36 characters of [A-Za-z0-9_-]");

/** sha256 in lowercase hex. */
export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits");

/** A u64 as a decimal string without leading zeros (JSON numbers lose precision past 2^53). */
export const u64String = z
  .string()
  .regex(/^(?:0|[1-9][0-9]{0,19})$/, "must be a decimal integer string")
  .refine((s) => BigInt(s) <= U64_MAX, "must fit in 64 bits");

/** A string that follows the text rules; size violations raise TOO_LARGE, others TEXT_INVALID. */
export function text(rules: TextRules) {
  return z.string().superRefine((s, ctx) => {
    const problem = textProblem(s, rules);
    if (problem === undefined) return;
    const params =
      problem.kind === "size"
        ? { podCode: "TOO_LARGE", limit: problem.limit, actual: problem.actual }
        : { podCode: "TEXT_INVALID" };
    ctx.addIssue({ code: "custom", message: problem.message, params });
  });
}

/** Canonical padded base64 of at most `maxBytes` decoded bytes. */
export function base64(maxBytes: number) {
  return z.string().superRefine((s, ctx) => {
    if (fromBase64(s) === undefined) {
      ctx.addIssue({ code: "custom", message: "must be canonical padded base64" });
      return;
    }
    const actual = base64DecodedLength(s);
    if (actual > maxBytes) {
      const params = { podCode: "TOO_LARGE", limit: maxBytes, actual };
      ctx.addIssue({ code: "custom", message: `${actual} bytes, limit ${maxBytes}`, params });
    }
  });
}

/** A media type such as `text/plain; charset=utf-8`: printable ASCII, type/subtype first. */
export const contentType = z
  .string()
  .max(MAX_CONTENT_TYPE_BYTES, `must be at most ${MAX_CONTENT_TYPE_BYTES} bytes`)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(?:\s*;[\x20-\x7e]*)?$/,
    "must be a media type (type/subtype, printable ASCII)",
  );

/** Human-readable reason in events and dead letters. */
export const reason = z.string().min(1).max(MAX_REASON_BYTES);
