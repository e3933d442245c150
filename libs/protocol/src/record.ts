import { inflateRawSync } from "node:zlib";
import { canonicalJson } from "./canonical.js";
import { contentBytesOf, contentHashOf } from "./content.js";
import { base64DecodedLength, fromBase64, toBase64 } from "./encoding.js";
import { requestKeyOf } from "./ids.js";
import { PROTOCOL_VERSION } from "./limits.js";
import type { Content } from "./schemas/operations/messages.js";
import type { ReadyPayload, StorageClass } from "./schemas/pipeline.js";
import type { ContentEncoding } from "./schemas/records.js";
import type { SignedRequest } from "./schemas/request.js";
import { utf8Length } from "./text.js";
import { parsePayload } from "./validate.js";

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

/** Where a message's content goes: IPFS by CID, or carried in the record. */
export type ContentLocation =
  { cid: string } | { compressedContent: string; contentEncoding: ContentEncoding };

/**
 * The ready payload of an accepted request: the chain record with its sizes, validated.
 * Message requests need `location`; other operations take none.
 */
export function buildReady(
  request: SignedRequest,
  storage: StorageClass,
  location?: ContentLocation,
): ReadyPayload {
  const common = {
    requestId: request.id,
    requestKey: requestKeyOf(request),
    createdAt: request.ts,
    requestSig: request.sig,
  };
  const requestBytes = utf8Length(canonicalJson(request));
  let record: Record<string, unknown>;
  let contentBytes = 0;
  let inlineBytes = 0;
  if (request.op === "send_direct" || request.op === "post_channel") {
    if (location === undefined) throw new TypeError(`${request.op} needs a content location`);
    const body = request.body;
    contentBytes = contentBytesOf(body.content).length;
    if ("compressedContent" in location) {
      inlineBytes = base64DecodedLength(location.compressedContent);
    }
    const message = {
      ...common,
      sender: request.agent,
      contentHash: contentHashOf(body.content),
      contentKind: body.content.text !== undefined ? "text" : "bytes",
      contentType: body.contentType,
      ...location,
    };
    record =
      request.op === "send_direct"
        ? { ...message, recipient: request.body.to, expiresAt: request.body.expiresAt }
        : { ...message, channel: request.body.channel, replyTo: request.body.replyTo };
  } else {
    record = { ...common, agent: request.agent, body: request.body };
  }
  const ready = {
    v: PROTOCOL_VERSION,
    requestId: request.id,
    op: request.op,
    storage,
    record: JSON.parse(JSON.stringify(record)) as unknown,
    sizes: { requestBytes, contentBytes, inlineBytes },
  };
  return parsePayload("pipeline.ready", ready);
}
