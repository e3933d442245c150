import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { cursor as cursorField, toBase64, type DeliveredMessage } from "@pod/protocol";
import { resolveChannelId } from "@pod/sdk";
import type { ToolContext } from "../context.js";
import { collectMessages } from "../inbox.js";
import { guarded } from "./guard.js";
import { messageLine, messageView, viewOf } from "./message-view.js";
import { address, channelRef, confirm, outcome, outcomeLine, outcomeOf } from "./shapes.js";

/** Content given as exactly one of text or base64 bytes, as the protocol requires. */
export const contentFields = {
  text: z.string().max(65_536).optional().describe("UTF-8 text content"),
  bytes: z.string().max(90_000).optional().describe("binary content, base64 (instead of text)"),
  contentType: z
    .string()
    .max(128)
    .optional()
    .describe("media type; default text/plain for text, application/octet-stream for bytes"),
};

export function exactlyOneContent(args: { text?: string; bytes?: string }): boolean {
  return (args.text === undefined) !== (args.bytes === undefined);
}

export const oneContent = { message: "give exactly one of text or bytes", path: ["text"] };

const QUIET_MS = 300;
const SETTLE_MS = 500;
const CONNECT_ATTEMPTS = 3;
const CONNECT_TIMEOUT_MS = 10_000;
const MAX_WAIT_SECONDS = 120;

/** Resolves each message's content (inline, or fetched from IPFS by its CID). */
async function contentsOf(ctx: ToolContext, messages: DeliveredMessage[]) {
  return Promise.all(
    messages.map(async (m) => {
      try {
        const c = await ctx.client.contentOf(m);
        return viewOf(m, c.text !== undefined ? { text: c.text } : { bytes: toBase64(c.bytes) });
      } catch (error) {
        return viewOf(m, undefined, (error as Error).message);
      }
    }),
  );
}

// Built once: zod schemas are costly to construct, and HTTP builds a server per request.
const podSendTool = {
  title: "Send a direct message",
  description:
    "Sends a direct message to another agent, signed by this agent. Returns the message id " +
    "and, with confirm, where it landed on chain.",
  inputSchema: z
    .object({
      to: address,
      ...contentFields,
      expiresAt: z
        .number()
        .int()
        .positive()
        .optional()
        .describe("unix ms; an expiring message is stored as its own account"),
      confirm,
    })
    .refine(exactlyOneContent, oneContent),
  outputSchema: { messageId: z.string(), to: z.string(), ...outcome },
  annotations: { destructiveHint: false, openWorldHint: true },
};

const podInboxTool = {
  title: "Read incoming messages",
  description:
    "Reads the direct messages sent to this agent and the posts of its channels, in order, " +
    "after `cursor`. Without a cursor an unfiltered read goes on after the last one this " +
    'server returned (the first, and filtered reads: what arrives from now on); cursor "0" reads ' +
    "everything still retained. Waits up to waitSeconds for a first message when none is " +
    "pending. Returns the messages and the cursor to pass next time.",
  inputSchema: {
    cursor: cursorField
      .optional()
      .describe('the cursor a previous pod_inbox returned; "0" for all retained messages'),
    waitSeconds: z
      .number()
      .min(0)
      .max(MAX_WAIT_SECONDS)
      .default(0)
      .describe(`how long to wait for a first message (0..${MAX_WAIT_SECONDS}, default 0)`),
    max: z.number().int().min(1).max(200).default(50).describe("at most this many messages"),
    from: z.array(address).max(256).optional().describe("only messages from these agents"),
    channels: z
      .array(channelRef)
      .max(256)
      .optional()
      .describe("only these channels (direct messages still come unless kinds excludes them)"),
    kinds: z
      .array(z.enum(["direct", "channel"]))
      .min(1)
      .max(2)
      .optional(),
  },
  outputSchema: {
    agent: z.string(),
    cursor: z.string().nullable().describe("pass it next time; null when nothing came yet"),
    messages: z.array(messageView),
    more: z.boolean().describe("max was reached: more may be waiting after cursor"),
  },
  annotations: { readOnlyHint: true, openWorldHint: true },
};

/** pod_send, pod_inbox. */
export function registerMessageTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool("pod_send", podSendTool, (args) =>
    guarded(ctx, "pod_send", async () => {
      const content = args.text !== undefined ? { text: args.text } : { bytes: args.bytes! };
      const result = await ctx.client.sendDirect(
        { to: args.to, ...content, contentType: args.contentType, expiresAt: args.expiresAt },
        { confirm: args.confirm, timeoutMs: ctx.confirmTimeoutMs },
      );
      const o = outcomeOf(result);
      const data = { messageId: o.receipt.requestKey, to: args.to, ...o };
      return { data, text: `message ${data.messageId} to ${args.to}: ${outcomeLine(o)}` };
    }),
  );

  server.registerTool("pod_inbox", podInboxTool, (args) =>
    guarded(ctx, "pod_inbox", async () => {
      const filter = {
        ...(args.from ? { senders: args.from } : {}),
        ...(args.channels ? { channels: args.channels.map(resolveChannelId) } : {}),
        ...(args.kinds ? { kinds: args.kinds } : {}),
      };
      const filtered = Object.keys(filter).length > 0;
      // A filtered read skips what its filter excludes: it neither uses nor moves the
      // remembered position, which stands for "everything up to here was handed out".
      const from = args.cursor ?? (filtered ? undefined : ctx.inbox.cursor);
      const subscription = ctx.client.subscribe({
        url: ctx.subscriptionUrl,
        ...(from !== undefined ? { cursor: from } : {}),
        ...(filtered ? { filter } : {}),
        // A service that is down should come back as an error, not as an empty inbox.
        maxAttempts: CONNECT_ATTEMPTS,
      });
      // Without a cursor the SDK anchors the start at the stream's position now: that is
      // the cursor to hand back even when nothing arrives, so the next call has no gap.
      let anchored: string | undefined;
      const connected = new Promise<void>((resolve) => {
        subscription.once("connected", (e) => {
          anchored = e.cursor;
          resolve();
        });
      });
      const delivered = await collectMessages(subscription, {
        waitMs: args.waitSeconds * 1_000,
        max: args.max,
        quietMs: QUIET_MS,
        settleMs: SETTLE_MS,
        connected,
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
      });
      for (const m of delivered) ctx.seen.remember(m);
      const messages = await contentsOf(ctx, delivered);
      const cursor = delivered.at(-1)?.cursor ?? from ?? anchored ?? null;
      if (cursor !== null && !filtered) ctx.inbox.cursor = cursor;
      const data = {
        agent: ctx.client.agent,
        cursor,
        messages,
        more: messages.length >= args.max,
      };
      const text =
        messages.length === 0
          ? `no new messages (cursor ${cursor ?? "none"})`
          : `${messages.length} message(s), next cursor ${cursor}\n` +
            messages.map(messageLine).join("\n");
      return { data, text };
    }),
  );
}
