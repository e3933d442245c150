import { z } from "zod";
import type { Content, DeliveredMessage } from "@pod/protocol";

/** A delivered message as the model reads it: who, where, what, and where it landed. */
export const messageView = z.object({
  id: z.string().describe("message id (its request key); pass it to pod_verify"),
  cursor: z.string().describe("pass as cursor to read what came after this message"),
  kind: z.enum(["direct", "channel"]),
  from: z.string(),
  to: z.string().optional(),
  channel: z.string().optional().describe("channel id"),
  replyTo: z.string().optional(),
  contentType: z.string(),
  text: z.string().optional(),
  bytes: z.string().optional().describe("base64, for non-text content"),
  cid: z.string().optional().describe("IPFS CID when the content is stored there"),
  contentError: z.string().optional().describe("why the content could not be fetched"),
  sentAt: z.number().describe("the sender's timestamp, unix ms"),
  confirmedAt: z.number().describe("unix ms"),
  storage: z.string(),
  signature: z.string().describe("transaction signature"),
  slot: z.number(),
  proof: z.boolean().describe("an inclusion proof came with the message"),
});

export type MessageView = z.infer<typeof messageView>;

/** The view of `m`, with its content resolved (or the reason it could not be). */
export function viewOf(
  m: DeliveredMessage,
  content: Content | undefined,
  contentError?: string,
): MessageView {
  const event = m.event;
  if (event.op !== "send_direct" && event.op !== "post_channel") {
    throw new TypeError(`not a message: ${event.op}`);
  }
  const r = event.record;
  const view: MessageView = {
    id: event.requestKey,
    cursor: m.cursor,
    kind: event.op === "send_direct" ? "direct" : "channel",
    from: r.sender,
    contentType: r.contentType,
    sentAt: r.createdAt,
    confirmedAt: event.at,
    storage: event.storage,
    signature: event.signature,
    slot: event.slot,
    proof: m.proof !== undefined,
  };
  if ("recipient" in r) view.to = r.recipient;
  if ("channel" in r) view.channel = r.channel;
  if ("replyTo" in r && r.replyTo) view.replyTo = r.replyTo;
  if (r.cid) view.cid = r.cid;
  if (content?.text !== undefined) view.text = content.text;
  if (content?.bytes !== undefined) view.bytes = content.bytes;
  if (contentError) view.contentError = contentError;
  return view;
}

/** One line per message for the text rendering. */
export function messageLine(v: MessageView): string {
  const where = v.kind === "direct" ? "direct" : `#${v.channel}`;
  const body =
    v.text !== undefined
      ? JSON.stringify(v.text)
      : v.bytes !== undefined
        ? `${v.contentType}, ${Buffer.from(v.bytes, "base64").length} bytes`
        : `(content unavailable: ${v.contentError ?? "unknown"})`;
  return `[${v.cursor}] ${where} from ${v.from}: ${body} (id ${v.id})`;
}
