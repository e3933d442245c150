import { z } from "zod";
import { MAX_CONTENT_BYTES } from "../../limits.js";
import { base64, channelRef, contentType, messageRef, publicKey, text, unixMs } from "../fields.js";

/**
 * Message bodies. Content is exactly one of `text` (UTF-8, control characters refused) or
 * `bytes` (base64); either way at most MAX_CONTENT_BYTES. A message's id is the request key of
 * the request that sent it.
 */

export const content = z
  .strictObject({
    text: text({ maxBytes: MAX_CONTENT_BYTES }).optional(),
    bytes: base64(MAX_CONTENT_BYTES).optional(),
  })
  .refine((c) => (c.text === undefined) !== (c.bytes === undefined), {
    message: "must have exactly one of text or bytes",
    params: { rule: "exactly_one" },
  });

export const sendDirectBody = z.strictObject({
  to: publicKey,
  content,
  contentType,
  expiresAt: unixMs.optional(),
});

export const postChannelBody = z.strictObject({
  channel: channelRef,
  content,
  contentType,
  replyTo: messageRef.optional(),
});

export const MESSAGE_STATUSES = ["delivered", "read"] as const;

export const markMessageBody = z.strictObject({
  message: messageRef,
  status: z.enum(MESSAGE_STATUSES),
});

export type Content = z.infer<typeof content>;
export type SendDirectBody = z.infer<typeof sendDirectBody>;
export type PostChannelBody = z.infer<typeof postChannelBody>;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type MarkMessageBody = z.infer<typeof markMessageBody>;
