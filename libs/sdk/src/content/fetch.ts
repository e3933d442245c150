import type { NatsConnection } from "@nats-io/transport-node";
import {
  contentBytesOf,
  fromBase64,
  inlineContentOf,
  ipfsGetReply,
  sha256Of,
  subjects,
  toHex,
  type DeliveredMessage,
} from "@pod/protocol";
import { parseCid, RAW_CODEC } from "./cid.js";
import { ContentFetchError, ContentMismatchError, type ContentFetchCode } from "./errors.js";

export interface FetchContentOptions {
  /** Default 10 s. */
  timeoutMs?: number;
  /** sha256 (hex) the bytes must also have: a record's `contentHash`. */
  contentHash?: string;
}

/** A message's content, whichever way it travelled. */
export interface MessageContent {
  /** The raw bytes (text as UTF-8). */
  bytes: Uint8Array;
  /** The text, for text messages. */
  text?: string;
  contentType: string;
  /** Where it came from: the delivery or record itself, or IPFS by CID. */
  source: "inline" | "ipfs";
  cid?: string;
}

const REFUSALS: Record<string, ContentFetchCode> = {
  NOT_FOUND: "CONTENT_NOT_FOUND",
  CID_INVALID: "CID_INVALID",
  CONTENT_CORRUPT: "CONTENT_CORRUPT",
  TOO_LARGE: "CONTENT_TOO_LARGE",
};

const DEFAULT_FETCH_TIMEOUT_MS = 10_000;

/**
 * Content stored in IPFS, asked of ipfs-storage over `pod.ipfs.get` and checked here against
 * the CID (raw CIDs: sha256 of the bytes) and, when given, the record's content hash. A
 * dag-pb CID (content over one chunk, larger than any PoD message) is checked by
 * `contentHash` only, and refused without one.
 */
export async function fetchContent(
  nc: NatsConnection,
  cid: string,
  opts: FetchContentOptions = {},
): Promise<Uint8Array> {
  const parsed = parseCid(cid);
  if (!parsed) throw new ContentFetchError("CID_INVALID", cid, "not a base32 CIDv1 (sha2-256)");
  if (parsed.codec !== RAW_CODEC && opts.contentHash === undefined) {
    throw new ContentFetchError("CID_INVALID", cid, "dag-pb content needs a contentHash to check");
  }

  let msg;
  try {
    msg = await nc.request(subjects.ipfsGet, JSON.stringify({ cid }), {
      timeout: opts.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
    });
  } catch (cause) {
    throw new ContentFetchError("CONTENT_UNAVAILABLE", cid, (cause as Error).message, { cause });
  }
  const serviceError = msg.headers?.get("Nats-Service-Error");
  if (serviceError || msg.data.length === 0) {
    throw new ContentFetchError("CONTENT_UNAVAILABLE", cid, serviceError || "empty reply");
  }
  const reply = ipfsGetReply.safeParse(safeJson(msg.data));
  if (!reply.success) throw new ContentFetchError("CONTENT_UNAVAILABLE", cid, "malformed reply");
  if (!reply.data.ok) {
    throw new ContentFetchError(REFUSALS[reply.data.code]!, cid, reply.data.reason);
  }

  const bytes = fromBase64(reply.data.content)!;
  const digest = sha256Of(bytes);
  if (parsed.codec === RAW_CODEC && !Buffer.from(digest).equals(Buffer.from(parsed.digest))) {
    throw new ContentMismatchError("its CID", cid);
  }
  if (opts.contentHash !== undefined && toHex(digest) !== opts.contentHash) {
    throw new ContentMismatchError("the record's content hash", cid);
  }
  return bytes;
}

/**
 * The content of a delivered message: the delivery's own content, the record's inline bytes,
 * or the bytes fetched from IPFS by the record's CID, each checked against the record's
 * content hash.
 */
export async function contentOf(
  nc: NatsConnection,
  delivered: Pick<DeliveredMessage, "event" | "content">,
  opts: Omit<FetchContentOptions, "contentHash"> = {},
): Promise<MessageContent> {
  const { event } = delivered;
  if (event.op !== "send_direct" && event.op !== "post_channel") {
    throw new ContentMismatchError(
      "a message (the event is not send_direct or post_channel)",
      undefined,
    );
  }
  const record = event.record;
  const shape = { contentType: record.contentType };
  const inline = delivered.content ? contentBytesOf(delivered.content) : inlineContentOf(record);
  let result: MessageContent;
  if (inline) {
    if (toHex(sha256Of(inline)) !== record.contentHash) {
      throw new ContentMismatchError("the record's content hash", record.cid);
    }
    result = { ...shape, bytes: inline, source: "inline" };
  } else {
    const bytes = await fetchContent(nc, record.cid!, { ...opts, contentHash: record.contentHash });
    result = { ...shape, bytes, source: "ipfs", cid: record.cid };
  }
  if (record.contentKind === "text") result.text = new TextDecoder().decode(result.bytes);
  return result;
}

function safeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(data));
  } catch {
    return undefined;
  }
}
