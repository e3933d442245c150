import { z } from "zod";
import { MAX_CONTENT_BYTES } from "../limits.js";
import type { Operation } from "../subjects.js";
import {
  base64,
  channelRef,
  contentType,
  messageRef,
  publicKey,
  requestId,
  requestKeyField,
  sha256Hex,
  signature,
  unixMs,
} from "./fields.js";
import { bodySchemas } from "./request.js";

/**
 * Chain records: what the tx-bundler writes for each request. Every record keeps what is needed
 * to rebuild the signed request (see envelopeFromRecord), so anyone reading the chain can check
 * the agent's signature: `requestId`, `createdAt` (the request's `ts`) and `requestSig`.
 */

/** Deflate may grow incompressible content slightly; leave room for its framing. */
const MAX_INLINE_BYTES = MAX_CONTENT_BYTES + 1024;

export const CONTENT_KINDS = ["text", "bytes"] as const;
export const CONTENT_ENCODINGS = ["identity", "deflate-raw", "br"] as const;

const common = {
  requestId,
  /** Global request identity (see requestKey); the program's uniqueness seed. */
  requestKey: requestKeyField,
  createdAt: unixMs,
  requestSig: signature,
};

const messageFields = {
  ...common,
  sender: publicKey,
  /** sha256 of the raw content (text as UTF-8, or the decoded bytes), hex. */
  contentHash: sha256Hex,
  /** Whether the request carried `content.text` or `content.bytes`. */
  contentKind: z.enum(CONTENT_KINDS),
  contentType,
  /** IPFS CID (v1, base32) of the content when it is stored there. */
  cid: z
    .string()
    .regex(/^b[a-z2-7]{20,120}$/, "must be a base32 CIDv1")
    .optional(),
  /** The content carried in the record itself, encoded by `contentEncoding`. */
  compressedContent: base64(MAX_INLINE_BYTES).optional(),
  contentEncoding: z.enum(CONTENT_ENCODINGS).optional(),
};

function contentLocated(
  record: { cid?: string; compressedContent?: string; contentEncoding?: string },
  ctx: z.RefinementCtx,
): void {
  if ((record.cid === undefined) === (record.compressedContent === undefined)) {
    ctx.addIssue({
      code: "custom",
      message: "must have exactly one of cid or compressedContent",
      path: ["cid"],
      params: { rule: "exactly_one" },
    });
  }
  if ((record.compressedContent === undefined) !== (record.contentEncoding === undefined)) {
    ctx.addIssue({
      code: "custom",
      message: "is required with compressedContent and only then",
      path: ["contentEncoding"],
      params: { rule: "with_compressed_content" },
    });
  }
}

export const directMessageRecord = z
  .strictObject({ ...messageFields, recipient: publicKey, expiresAt: unixMs.optional() })
  .superRefine(contentLocated);

export const channelMessageRecord = z
  .strictObject({ ...messageFields, channel: channelRef, replyTo: messageRef.optional() })
  .superRefine(contentLocated);

/** Records of operations without content carry the signed body as it is. */
function stateRecord<Op extends Exclude<Operation, "send_direct" | "post_channel">>(op: Op) {
  return z.strictObject({ ...common, agent: publicKey, body: bodySchemas[op] });
}

export const recordSchemas = {
  register_agent: stateRecord("register_agent"),
  register_agents: stateRecord("register_agents"),
  update_agent: stateRecord("update_agent"),
  create_channel: stateRecord("create_channel"),
  join_channel: stateRecord("join_channel"),
  leave_channel: stateRecord("leave_channel"),
  send_direct: directMessageRecord,
  post_channel: channelMessageRecord,
  mark_message: stateRecord("mark_message"),
} as const satisfies Record<Operation, z.ZodType>;

export type ContentKind = (typeof CONTENT_KINDS)[number];
export type ContentEncoding = (typeof CONTENT_ENCODINGS)[number];
export type DirectMessageRecord = z.infer<typeof directMessageRecord>;
export type ChannelMessageRecord = z.infer<typeof channelMessageRecord>;
export type RecordOf<Op extends Operation> = z.infer<(typeof recordSchemas)[Op]>;
