import { envBool, envEnum, envInt } from "@pod/runtime";
import { z } from "zod";
import type { RecordClassPolicy } from "./record-class.js";
import type { EncodingPolicy } from "./content-encoding.js";

/**
 * No inline content can be larger than a whole transaction packet (1232 bytes), whatever
 * else the transaction carries: a larger limit would only hand the bundler a record it can
 * never send.
 */
export const MAX_INLINE_LIMIT = 1232;

export const RECORD_CLASSES = ["compressed", "direct"] as const;

/** compression's own variables (the runtime adds the common ones). */
export const compressionConfigSchema = z.object({
  /**
   * Largest base64 length of encoded content that rides inline, in the transaction's memo.
   * 0 sends every message's content to IPFS.
   */
  COMPRESSION_INLINE_MAX_BYTES: envInt(0, MAX_INLINE_LIMIT).default(320),
  /** A send_direct with expiresAt gets its own account (closable once it expires). */
  COMPRESSION_DIRECT_FOR_EXPIRING: envBool().default(true),
  /** Record class of every other message: a Light compressed record, or its own account. */
  COMPRESSION_DEFAULT_CLASS: envEnum(RECORD_CLASSES).default("compressed"),
  /** Brotli quality of the inline encoding, 0..11 (see the README for the trade-off). */
  COMPRESSION_BROTLI_QUALITY: envInt(0, 11).default(9),
});

export type CompressionOwnConfig = z.infer<typeof compressionConfigSchema>;

/** Everything the decision reads, derived once from the configuration. */
export interface Policy extends RecordClassPolicy, EncodingPolicy {}

export function policyOf(config: CompressionOwnConfig): Policy {
  return {
    directForExpiring: config.COMPRESSION_DIRECT_FOR_EXPIRING,
    defaultClass: config.COMPRESSION_DEFAULT_CLASS,
    inlineMaxBase64: config.COMPRESSION_INLINE_MAX_BYTES,
    brotliQuality: config.COMPRESSION_BROTLI_QUALITY,
  };
}
