import { brotliDecompressSync, inflateRawSync } from "node:zlib";
import { fromBase64, sha256Of, toBase64, toHex } from "./encoding.js";
import { ContentCorruptError, ContentHashMismatchError, ContentRequiredError } from "./errors.js";
import { MAX_CONTENT_BYTES, PROTOCOL_VERSION } from "./limits.js";
import type { Content } from "./schemas/operations/messages.js";
import type { ReadyPayload } from "./schemas/pipeline.js";
import type { SignedRequest } from "./schemas/request.js";

/**
 * The content a message record carries itself (`compressedContent`, decoded by its
 * `contentEncoding`), or undefined when the record points to IPFS by `cid`. Throws
 * ContentCorruptError for bytes that do not decode or inflate past MAX_CONTENT_BYTES.
 */
export function inlineContentOf(record: {
  compressedContent?: string;
  contentEncoding?: string;
}): Uint8Array | undefined {
  if (record.compressedContent === undefined) return undefined;
  const bytes = fromBase64(record.compressedContent);
  if (bytes === undefined) throw new ContentCorruptError("compressedContent is not base64");
  if (record.contentEncoding !== "deflate-raw" && record.contentEncoding !== "br") return bytes;
  try {
    // Bounded so that a small hostile stream cannot inflate into gigabytes.
    const options = { maxOutputLength: MAX_CONTENT_BYTES };
    const raw =
      record.contentEncoding === "br"
        ? brotliDecompressSync(bytes, options)
        : inflateRawSync(bytes, options);
    return new Uint8Array(raw);
  } catch (cause) {
    throw new ContentCorruptError("compressedContent does not inflate within the limit", {
      cause,
    });
  }
}

function contentFrom(kind: "text" | "bytes", bytes: Uint8Array): Content {
  if (kind === "bytes") return { bytes: toBase64(bytes) };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch (cause) {
    throw new ContentCorruptError("text content is not UTF-8", { cause });
  }
}

/**
 * Rebuilds the signed request a ready record came from, so verifyRequest can check the agent's
 * signature from the chain alone. Message records need their raw content: pass it when it lives
 * in IPFS (ContentRequiredError otherwise); it must hash to `contentHash`
 * (ContentHashMismatchError otherwise).
 */
export function envelopeFromRecord(ready: ReadyPayload, content?: Uint8Array): SignedRequest {
  if (ready.op !== "send_direct" && ready.op !== "post_channel") {
    const r = ready.record;
    return {
      v: PROTOCOL_VERSION,
      id: r.requestId,
      op: ready.op,
      agent: r.agent,
      ts: r.createdAt,
      body: r.body,
      sig: r.requestSig,
    } as SignedRequest;
  }

  const r = ready.record;
  const raw = content ?? inlineContentOf(r);
  if (raw === undefined) throw new ContentRequiredError(r.requestId, r.cid);
  const hash = toHex(sha256Of(raw));
  if (hash !== r.contentHash) throw new ContentHashMismatchError(r.contentHash, hash);

  const shared = {
    v: PROTOCOL_VERSION,
    id: r.requestId,
    agent: r.sender,
    ts: r.createdAt,
  } as const;
  const messageContent = contentFrom(r.contentKind, raw);
  if (ready.op === "send_direct") {
    const d = ready.record;
    const body = { to: d.recipient, content: messageContent, contentType: d.contentType };
    const withExpiry = d.expiresAt === undefined ? body : { ...body, expiresAt: d.expiresAt };
    return { ...shared, op: "send_direct", body: withExpiry, sig: r.requestSig };
  }
  const c = ready.record;
  const body = { channel: c.channel, content: messageContent, contentType: c.contentType };
  const withReply = c.replyTo === undefined ? body : { ...body, replyTo: c.replyTo };
  return { ...shared, op: "post_channel", body: withReply, sig: r.requestSig };
}
