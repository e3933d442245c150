import { fromBase64, sha256Of, toHex, utf8Bytes } from "./encoding.js";
import { ContentCorruptError } from "./errors.js";
import type { Content } from "./schemas/operations/messages.js";

/** The raw bytes of message content: text as UTF-8, or the decoded base64 bytes. */
export function contentBytesOf(content: Content): Uint8Array {
  if (content.text !== undefined) return utf8Bytes(content.text);
  const bytes = fromBase64(content.bytes ?? "");
  if (bytes === undefined) throw new ContentCorruptError("content.bytes is not canonical base64");
  return bytes;
}

/** sha256 of the raw content bytes, lowercase hex: a record's `contentHash`. */
export function contentHashOf(content: Content): string {
  return toHex(sha256Of(contentBytesOf(content)));
}
