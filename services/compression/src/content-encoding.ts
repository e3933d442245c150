import { brotliCompressSync, constants } from "node:zlib";
import type { ContentKind } from "@pod/protocol";

/** The encodings compression writes ("deflate-raw" is read by the protocol, never chosen). */
export type ChosenEncoding = "identity" | "br";

export interface EncodingPolicy {
  /** Largest base64 length of encoded content that still rides inline. */
  inlineMaxBase64: number;
  /** Brotli quality (0..11) of the encoding that may ride inline. */
  brotliQuality: number;
}

export interface EncodedContent {
  encoding: ChosenEncoding;
  /** The content in `encoding`. */
  bytes: Uint8Array;
  /** Length of `bytes` in base64, the size that counts against the inline limit. */
  base64Length: number;
  /** Whether the encoded content fits inline. */
  inline: boolean;
}

/**
 * A cheap first pass for content too large to ride inline as it is: quality 5 costs about
 * 2 ms on 64 KiB of prose, where quality 9-11 costs 4-60 ms (and 25 ms on 64 KiB of random
 * bytes).
 */
export const PROBE_QUALITY = 5;

/**
 * The final pass runs only when the probe came within this factor of the limit (content up
 * to this factor raw gets the final pass at once). Quality 11 came out at most ~20% smaller
 * than quality 5 on prose and JSON (bench/handler.bench.ts prints the sizes), so content the
 * probe leaves at twice the limit does not fit at any quality: it goes to IPFS as raw bytes
 * and the expensive pass would buy nothing.
 */
export const PROBE_MARGIN = 2;

/** Characters of padded base64 for `bytes` bytes. */
export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/** Most bytes whose padded base64 is at most `limit` characters. */
export function maxBytesForBase64(limit: number): number {
  return Math.floor(limit / 4) * 3;
}

/**
 * Brotli of `raw`. The window is fitted to the input: at quality 9 the default 4 MiB window
 * took 8x the time on 100 bytes and 15x on 2 KiB for the same output. Any window decodes
 * with the default decoder.
 */
export function brotli(raw: Uint8Array, quality: number, kind: ContentKind): Uint8Array {
  const lgwin = Math.min(
    constants.BROTLI_MAX_WINDOW_BITS,
    Math.max(constants.BROTLI_MIN_WINDOW_BITS, Math.ceil(Math.log2(raw.length + 1))),
  );
  const out = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_LGWIN]: lgwin,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      [constants.BROTLI_PARAM_MODE]:
        kind === "text" ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC,
    },
  });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * The smallest of identity and brotli for `raw` (identity on a tie: it costs the reader
 * nothing), and whether it fits inline. Deterministic: the same content and policy give the
 * same bytes, so a redelivered request republishes an identical record.
 */
export function encodeContent(
  raw: Uint8Array,
  kind: ContentKind,
  policy: EncodingPolicy,
): EncodedContent {
  const fitBytes = maxBytesForBase64(policy.inlineMaxBase64);
  let best: { encoding: ChosenEncoding; bytes: Uint8Array } = { encoding: "identity", bytes: raw };
  const consider = (bytes: Uint8Array) => {
    if (bytes.length < best.bytes.length) best = { encoding: "br", bytes };
  };

  if (policy.brotliQuality <= PROBE_QUALITY || raw.length <= fitBytes * PROBE_MARGIN) {
    consider(brotli(raw, policy.brotliQuality, kind));
  } else {
    const probe = brotli(raw, PROBE_QUALITY, kind);
    consider(probe);
    if (probe.length <= fitBytes * PROBE_MARGIN) consider(brotli(raw, policy.brotliQuality, kind));
  }

  const length = base64Length(best.bytes.length);
  return { ...best, base64Length: length, inline: length <= policy.inlineMaxBase64 };
}
