import { z } from "zod";
import { fromBase64, toHex } from "../encoding.js";
import { sha256Of } from "../encoding.js";
import { MAX_CONTENT_BYTES, MAX_PAYLOAD_BYTES } from "../limits.js";
import type { OPERATIONS } from "../subjects.js";
import { base64, requestId, sha256Hex, unixMs, version } from "./fields.js";
import { requestSchema } from "./request.js";
import { recordSchemas } from "./records.js";

/** What each pipeline stage publishes on `pod.pipeline.<stage>.<op>`. */

function sameRequest(
  payload: { requestId: string; request: { id: string } },
  ctx: z.RefinementCtx,
): void {
  if (payload.requestId !== payload.request.id) {
    ctx.addIssue({
      code: "custom",
      message: "must equal request.id",
      path: ["requestId"],
      params: { rule: "matches_request" },
    });
  }
}

/** ingest -> compression: a request that passed validation, signature and replay checks. */
export const acceptedPayload = z
  .strictObject({
    v: version,
    requestId,
    receivedAt: unixMs,
    request: requestSchema,
  })
  .superRefine(sameRequest);

/**
 * compression -> ipfs-storage: message content to put in IPFS. `content` is the raw content
 * (text as UTF-8, or the decoded bytes) and `contentHash` its sha256.
 */
export const storePayload = z
  .strictObject({
    v: version,
    requestId,
    request: requestSchema,
    /** The record class compression chose; the content lands in IPFS either way. */
    storage: z.enum(["direct", "compressed"]),
    content: base64(MAX_CONTENT_BYTES),
    contentHash: sha256Hex,
  })
  .superRefine((payload, ctx) => {
    sameRequest(payload, ctx);
    if (payload.request.op !== "send_direct" && payload.request.op !== "post_channel") {
      ctx.addIssue({
        code: "custom",
        message: "only message requests carry content",
        path: ["request", "op"],
        params: { rule: "message_op" },
      });
    }
    const bytes = fromBase64(payload.content);
    if (bytes !== undefined && toHex(sha256Of(bytes)) !== payload.contentHash) {
      ctx.addIssue({
        code: "custom",
        message: "is not the sha256 of content",
        path: ["contentHash"],
        params: { rule: "hash_matches" },
      });
    }
  });

/** How a ready record lands on chain (see README: storage classes). */
export const STORAGE_CLASSES = ["inline", "direct", "compressed"] as const;

/** Byte counts the metrics and the bundler's packing use. */
export const recordSizes = z.strictObject({
  /** UTF-8 bytes of the request's canonical JSON. */
  requestBytes: z.number().int().nonnegative().max(MAX_PAYLOAD_BYTES),
  /** Raw content bytes (0 for operations without content). */
  contentBytes: z.number().int().nonnegative().max(MAX_CONTENT_BYTES),
  /** Decoded bytes of `compressedContent` carried in the record (0 when absent). */
  inlineBytes: z
    .number()
    .int()
    .nonnegative()
    .max(MAX_CONTENT_BYTES + 1024),
});

function readyOf<Op extends (typeof OPERATIONS)[number]>(op: Op) {
  // Only messages can be compressed; every other operation changes a program account.
  const storage =
    op === "send_direct" || op === "post_channel" ? z.enum(STORAGE_CLASSES) : z.literal("direct");
  return z.strictObject({
    v: version,
    requestId,
    op: z.literal(op),
    storage,
    record: recordSchemas[op],
    /**
     * sha256(agent signature || canonical request bytes), hex: what the program stores as the
     * record's commitment or envelope hash, so anyone holding the envelope can prove authorship.
     */
    commitment: sha256Hex,
    sizes: recordSizes,
  });
}

/** compression or ipfs-storage -> tx-bundler: the chain record of one request. */
export const readyPayload = z
  .discriminatedUnion("op", [
    readyOf("register_agent"),
    readyOf("register_agents"),
    readyOf("update_agent"),
    readyOf("create_channel"),
    readyOf("join_channel"),
    readyOf("leave_channel"),
    readyOf("send_direct"),
    readyOf("post_channel"),
    readyOf("mark_message"),
  ])
  .superRefine((payload, ctx) => {
    if (payload.requestId !== payload.record.requestId) {
      ctx.addIssue({
        code: "custom",
        message: "must equal record.requestId",
        path: ["requestId"],
        params: { rule: "matches_record" },
      });
    }
  });

export type AcceptedPayload = z.infer<typeof acceptedPayload>;
export type StorePayload = z.infer<typeof storePayload>;
export type StorageClass = (typeof STORAGE_CLASSES)[number];
export type RecordSizes = z.infer<typeof recordSizes>;
export type ReadyPayload = z.infer<typeof readyPayload>;
export type ReadyPayloadOf<Op extends (typeof OPERATIONS)[number]> = Extract<
  ReadyPayload,
  { op: Op }
>;
