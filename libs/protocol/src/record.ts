import { inflateRawSync } from "node:zlib";
import { fromBase64, toBase64 } from "./encoding.js";
import type { Content } from "./schemas/operations/messages.js";
import type { ReadyPayload } from "./schemas/pipeline.js";
import type { SignedRequest } from "./schemas/request.js";
import { PROTOCOL_VERSION } from "./limits.js";

/**
 * The content a message record carries itself (`compressedContent`, decoded by its
 * `contentEncoding`), or undefined when the record points to IPFS by `cid`.
 */
export function inlineContentOf(record: {
  compressedContent?: string;
  contentEncoding?: string;
}): Uint8Array | undefined {
  if (record.compressedContent === undefined) return undefined;
  const bytes = fromBase64(record.compressedContent);
  if (bytes === undefined) throw new TypeError("compressedContent is not canonical base64");
  return record.contentEncoding === "deflate-raw" ? new Uint8Array(inflateRawSync(bytes)) : bytes;
}

function contentFrom(kind: "text" | "bytes", bytes: Uint8Array): Content {
  if (kind === "bytes") return { bytes: toBase64(bytes) };
  return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
}

/**
 * Rebuilds the signed request a ready record came from, so verifyRequest can check the agent's
 * signature from the chain alone. Message records need their raw content: pass it when it lives
 * in IPFS; inline content is taken from the record.
 */
export function envelopeFromRecord(ready: ReadyPayload, content?: Uint8Array): SignedRequest {
  if (ready.op === "send_direct" || ready.op === "post_channel") {
    const r = ready.record;
    const raw = content ?? inlineContentOf(r);
    if (raw === undefined) throw new TypeError("content lives in IPFS: pass its bytes");
    const shared = {
      v: PROTOCOL_VERSION,
      id: r.requestId,
      agent: r.sender,
      ts: r.createdAt,
      sig: r.requestSig,
    } as const;
    const messageContent = contentFrom(r.contentKind, raw);
    if (ready.op === "send_direct") {
      const d = ready.record;
      const body = { to: d.recipient, content: messageContent, contentType: d.contentType };
      const withExpiry = d.expiresAt === undefined ? body : { ...body, expiresAt: d.expiresAt };
      return { ...shared, op: "send_direct", body: withExpiry };
    }
    const c = ready.record;
    const body = { channel: c.channel, content: messageContent, contentType: c.contentType };
    const withReply = c.replyTo === undefined ? body : { ...body, replyTo: c.replyTo };
    return { ...shared, op: "post_channel", body: withReply };
  }
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
