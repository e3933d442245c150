import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { CHANNEL_VISIBILITIES, fields, MAX_CHANNEL_PARTICIPANTS } from "@pod/protocol";
import { resolveChannelId } from "@pod/sdk";
import type { ToolContext } from "../context.js";
import { guarded } from "./guard.js";
import { contentFields, exactlyOneContent, oneContent } from "./messages.js";
import { channelAccount, channelRef, confirm, outcome, outcomeLine, outcomeOf } from "./shapes.js";

const invite = z
  .object({
    inviter: fields.publicKey,
    expiresAt: z.number().int().nonnegative(),
    sig: fields.signature,
  })
  .describe("an invite signed by a member, for invite-only channels");

const channelOut = { channel: z.string().describe("channel id"), ...outcome };

// Built once: zod schemas are costly to construct, and HTTP builds a server per request.
const podChannelCreateTool = {
  title: "Create a channel",
  description:
    "Creates a channel named `name` (its id is derived from the name); this agent becomes " +
    "its first member.",
  inputSchema: {
    name: z.string().min(1).max(64).describe("channel name, unique across PoD"),
    visibility: z.enum(CHANNEL_VISIBILITIES).default("public"),
    maxParticipants: z.number().int().min(2).max(MAX_CHANNEL_PARTICIPANTS).optional(),
    description: z.string().max(256).optional(),
    confirm,
  },
  outputSchema: { name: z.string(), ...channelOut },
  annotations: { destructiveHint: false, openWorldHint: true },
};

const podChannelJoinTool = {
  title: "Join a channel",
  description: "Joins a channel by name or id (invite-only channels need an invite).",
  inputSchema: { channel: channelRef, invite: invite.optional(), confirm },
  outputSchema: channelOut,
  annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: true },
};

const podChannelLeaveTool = {
  title: "Leave a channel",
  description: "Leaves a channel by name or id.",
  inputSchema: { channel: channelRef, confirm },
  outputSchema: channelOut,
  annotations: { destructiveHint: true, idempotentHint: true, openWorldHint: true },
};

const podChannelPostTool = {
  title: "Post to a channel",
  description: "Posts a message to a channel this agent is a member of.",
  inputSchema: z
    .object({
      channel: channelRef,
      ...contentFields,
      replyTo: fields.messageRef.optional().describe("the message id this post answers"),
      confirm,
    })
    .refine(exactlyOneContent, oneContent),
  outputSchema: { messageId: z.string(), ...channelOut },
  annotations: { destructiveHint: false, openWorldHint: true },
};

const podChannelShowTool = {
  title: "Show a channel",
  description:
    "Reads a channel's account from the chain (creator, visibility, participant count) and " +
    "whether this agent is a member.",
  inputSchema: { channel: channelRef },
  outputSchema: {
    channel: z.string().describe("channel id"),
    exists: z.boolean(),
    member: z.boolean().describe("this agent is a member"),
    account: channelAccount.optional(),
  },
  annotations: { readOnlyHint: true, openWorldHint: true },
};

/** pod_channel_create, pod_channel_join, pod_channel_leave, pod_channel_post, pod_channel_show. */
export function registerChannelTools(server: McpServer, ctx: ToolContext): void {
  const opts = (c: boolean) => ({ confirm: c, timeoutMs: ctx.confirmTimeoutMs });

  server.registerTool("pod_channel_create", podChannelCreateTool, (args) =>
    guarded(ctx, "pod_channel_create", async () => {
      const result = await ctx.client.createChannel(
        {
          name: args.name,
          visibility: args.visibility,
          maxParticipants: args.maxParticipants,
          description: args.description,
        },
        opts(args.confirm),
      );
      const o = outcomeOf(result);
      const data = { name: args.name, channel: resolveChannelId(args.name), ...o };
      return { data, text: `channel ${args.name} (${data.channel}): ${outcomeLine(o)}` };
    }),
  );

  server.registerTool("pod_channel_join", podChannelJoinTool, (args) =>
    guarded(ctx, "pod_channel_join", async () => {
      const result = await ctx.client.joinChannel(
        { channel: args.channel, ...(args.invite ? { invite: args.invite } : {}) },
        opts(args.confirm),
      );
      const o = outcomeOf(result);
      const data = { channel: resolveChannelId(args.channel), ...o };
      return { data, text: `joined ${data.channel}: ${outcomeLine(o)}` };
    }),
  );

  server.registerTool("pod_channel_leave", podChannelLeaveTool, (args) =>
    guarded(ctx, "pod_channel_leave", async () => {
      const result = await ctx.client.leaveChannel({ channel: args.channel }, opts(args.confirm));
      const o = outcomeOf(result);
      const data = { channel: resolveChannelId(args.channel), ...o };
      return { data, text: `left ${data.channel}: ${outcomeLine(o)}` };
    }),
  );

  server.registerTool("pod_channel_post", podChannelPostTool, (args) =>
    guarded(ctx, "pod_channel_post", async () => {
      const content = args.text !== undefined ? { text: args.text } : { bytes: args.bytes! };
      const result = await ctx.client.postChannel(
        {
          channel: args.channel,
          ...content,
          contentType: args.contentType,
          replyTo: args.replyTo,
        },
        opts(args.confirm),
      );
      const o = outcomeOf(result);
      const data = {
        messageId: o.receipt.requestKey,
        channel: resolveChannelId(args.channel),
        ...o,
      };
      return { data, text: `posted ${data.messageId} to ${data.channel}: ${outcomeLine(o)}` };
    }),
  );

  server.registerTool("pod_channel_show", podChannelShowTool, (args) =>
    guarded(ctx, "pod_channel_show", async () => {
      const id = resolveChannelId(args.channel);
      const [account, membership] = await Promise.all([
        ctx.client.getChannel(id),
        ctx.client.getMembership(id),
      ]);
      // The creator is a member without a membership account.
      const member = membership !== undefined || account?.creator === ctx.client.agent;
      const data = {
        channel: id,
        exists: account !== undefined,
        member,
        ...(account ? { account } : {}),
      };
      const text = account
        ? `channel ${account.name} (${id}): ${account.visibility}, ` +
          `${account.participantCount}/${account.maxParticipants} participants, ` +
          `created by ${account.creator}${account.closed ? ", closed" : ""}; ` +
          `${member ? "you are a member" : "you are not a member"}`
        : `no channel ${id} on chain`;
      return { data, text };
    }),
  );
}
