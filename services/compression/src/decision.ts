import {
  contentBytesOf,
  toBase64,
  type ContentLocation,
  type SignedRequest,
  type StorageClass,
} from "@pod/protocol";
import type { Policy } from "./config.js";
import { encodeContent, type ChosenEncoding } from "./content-encoding.js";
import { recordClassOf, type RecordClass } from "./record-class.js";

/** What the decision learnt about a message's content (for metrics and logs). */
export interface ContentFacts {
  rawBytes: number;
  encoding: ChosenEncoding;
  encodedBytes: number;
}

/**
 * Where a request goes next. `ready`: its record is complete (content inline, or no content);
 * `store`: its content goes to ipfs-storage first, which completes the record with the CID.
 */
export type Decision =
  | { route: "ready"; storage: StorageClass; location?: ContentLocation; content?: ContentFacts }
  | { route: "store"; storage: RecordClass; raw: Uint8Array; content: ContentFacts };

/**
 * The storage class and content encoding of one request. Pure: the request and the policy
 * alone decide, so a redelivery decides the same and republishes an identical payload.
 *
 * - Operations without content: class "direct" (their own accounts), no location.
 * - Messages: the record class (recordClassOf) and the smallest encoding of the content.
 *   Encoded content within the inline limit rides in the record: storage "inline" for the
 *   compressed class, "direct" for the direct class. Anything larger goes to IPFS as raw bytes.
 */
export function decide(request: SignedRequest, policy: Policy): Decision {
  if (request.op !== "send_direct" && request.op !== "post_channel") {
    return { route: "ready", storage: "direct" };
  }
  const recordClass = recordClassOf(request, policy);
  const raw = contentBytesOf(request.body.content);
  const kind = request.body.content.text !== undefined ? "text" : "bytes";
  const encoded = encodeContent(raw, kind, policy);
  const content: ContentFacts = {
    rawBytes: raw.length,
    encoding: encoded.encoding,
    encodedBytes: encoded.bytes.length,
  };
  if (!encoded.inline) return { route: "store", storage: recordClass, raw, content };
  return {
    route: "ready",
    storage: recordClass === "compressed" ? "inline" : "direct",
    location: { compressedContent: toBase64(encoded.bytes), contentEncoding: encoded.encoding },
    content,
  };
}
