import { canonicalJson } from "./canonical.js";
import { commitmentOf } from "./commitment.js";
import { contentBytesOf, contentHashOf } from "./content.js";
import { base64DecodedLength } from "./encoding.js";
import { requestKeyOf } from "./ids.js";
import { PROTOCOL_VERSION } from "./limits.js";
import type { ReadyPayload, StorageClass } from "./schemas/pipeline.js";
import type { ContentEncoding } from "./schemas/records.js";
import type { SignedRequest } from "./schemas/request.js";
import { utf8Length } from "./text.js";
import { parsePayload } from "./validate.js";

/** Where a message's content goes: IPFS by CID, or carried in the record. */
export type ContentLocation =
  { cid: string } | { compressedContent: string; contentEncoding: ContentEncoding };

function messageRecord(request: SignedRequest, location: ContentLocation | undefined) {
  if (request.op !== "send_direct" && request.op !== "post_channel") return undefined;
  if (location === undefined) {
    throw new TypeError(`a ${request.op} record needs a content location`);
  }
  const message = {
    requestId: request.id,
    requestKey: requestKeyOf(request),
    createdAt: request.ts,
    requestSig: request.sig,
    sender: request.agent,
    contentHash: contentHashOf(request.body.content),
    contentKind: request.body.content.text !== undefined ? "text" : "bytes",
    contentType: request.body.contentType,
    ...location,
  };
  return request.op === "send_direct"
    ? { ...message, recipient: request.body.to, expiresAt: request.body.expiresAt }
    : { ...message, channel: request.body.channel, replyTo: request.body.replyTo };
}

/**
 * The ready payload of an accepted request: its chain record and sizes, validated (a
 * SchemaError names anything inconsistent, e.g. a storage class the operation cannot use).
 * Message requests need `location`; other operations take none.
 */
export function buildReady(
  request: SignedRequest,
  storage: StorageClass,
  location?: ContentLocation,
): ReadyPayload {
  const record = messageRecord(request, location) ?? {
    requestId: request.id,
    requestKey: requestKeyOf(request),
    createdAt: request.ts,
    requestSig: request.sig,
    agent: request.agent,
    body: request.body,
  };
  const message = request.op === "send_direct" || request.op === "post_channel";
  const sizes = {
    requestBytes: utf8Length(canonicalJson(request)),
    contentBytes: message ? contentBytesOf(request.body.content).length : 0,
    inlineBytes:
      location !== undefined && "compressedContent" in location
        ? base64DecodedLength(location.compressedContent)
        : 0,
  };
  const ready = {
    v: PROTOCOL_VERSION,
    requestId: request.id,
    op: request.op,
    storage,
    // Drops fields left undefined (an absent expiresAt), as the JSON on the wire would.
    record: JSON.parse(JSON.stringify(record)) as unknown,
    commitment: commitmentOf(request),
    sizes,
  };
  return parsePayload("pipeline.ready", ready);
}
