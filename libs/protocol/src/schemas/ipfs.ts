import { z } from "zod";
import { MAX_CONTENT_BYTES } from "../limits.js";
import { base64 } from "./fields.js";

/** A base32 CIDv1, as ipfs-storage returns them. */
export const cidField = z.string().regex(/^b[a-z2-7]{20,120}$/, "must be a base32 CIDv1");

/** Request on `pod.ipfs.get` (core NATS request-reply, served by ipfs-storage). */
export const ipfsGetRequest = z.strictObject({ cid: cidField });

/**
 * The answer: the content's bytes (verified against the CID's hash before they are sent), or a
 * coded refusal (NOT_FOUND, CID_INVALID, CONTENT_CORRUPT, TOO_LARGE).
 */
export const ipfsGetReply = z.discriminatedUnion("ok", [
  z.strictObject({ ok: z.literal(true), cid: cidField, content: base64(MAX_CONTENT_BYTES) }),
  z.strictObject({
    ok: z.literal(false),
    code: z.enum(["NOT_FOUND", "CID_INVALID", "CONTENT_CORRUPT", "TOO_LARGE"]),
    reason: z.string().max(1024),
  }),
]);

export type IpfsGetRequest = z.infer<typeof ipfsGetRequest>;
export type IpfsGetReply = z.infer<typeof ipfsGetReply>;
