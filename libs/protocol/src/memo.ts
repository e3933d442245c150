import { fromBase64 } from "./encoding.js";
import { PodError } from "./errors.js";
import type { ContentEncoding } from "./schemas/records.js";

/**
 * Message content that travels in the transaction itself, as one SPL Memo instruction per
 * transaction. The memo lists one line per message record, in the order the records appear
 * in the transaction (compressed records in append order, then per-account messages):
 *
 *   pod1
 *   c <cid>                          content stored in IPFS under <cid>
 *   i <encoding> <base64>            the content itself (identity | deflate-raw | br)
 *
 * Memos must be UTF-8, so bytes travel as base64. A reader pairs line n with message n and
 * checks the content against the record's commitment.
 */
export const MEMO_PROGRAM_ID = "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr";
export const MEMO_HEADER = "pod1";

export type MemoEntry =
  { cid: string } | { compressedContent: string; contentEncoding: ContentEncoding };

export class MemoFormatError extends PodError {
  constructor(message: string) {
    super("MEMO_INVALID", message);
  }
}

/** The memo text for the message records of one transaction, in their order. */
export function encodeContentMemo(entries: readonly MemoEntry[]): string {
  const lines = entries.map((e) =>
    "cid" in e ? `c ${e.cid}` : `i ${e.contentEncoding} ${e.compressedContent}`,
  );
  return [MEMO_HEADER, ...lines].join("\n");
}

/** UTF-8 bytes one entry adds to the memo (its line and the newline before it). */
export function memoEntryBytes(entry: MemoEntry): number {
  return "cid" in entry
    ? 3 + entry.cid.length
    : 4 + entry.contentEncoding.length + entry.compressedContent.length;
}

const ENCODINGS = new Set(["identity", "deflate-raw", "br"]);

/** Parses a memo written by encodeContentMemo; MemoFormatError names the bad line. */
export function decodeContentMemo(text: string): MemoEntry[] {
  const [header, ...lines] = text.split("\n");
  if (header !== MEMO_HEADER) throw new MemoFormatError(`memo does not start with ${MEMO_HEADER}`);
  return lines.map((line, index) => {
    const parts = line.split(" ");
    if (parts[0] === "c" && parts.length === 2 && /^b[a-z2-7]{20,120}$/.test(parts[1]!)) {
      return { cid: parts[1]! };
    }
    if (parts[0] === "i" && parts.length === 3 && ENCODINGS.has(parts[1]!)) {
      if (fromBase64(parts[2]!) === undefined) {
        throw new MemoFormatError(`line ${index + 1}: content is not base64`);
      }
      return { compressedContent: parts[2]!, contentEncoding: parts[1] as ContentEncoding };
    }
    throw new MemoFormatError(`line ${index + 1} is not "c <cid>" or "i <encoding> <base64>"`);
  });
}
