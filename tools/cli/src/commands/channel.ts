import {
  CHANNEL_VISIBILITIES,
  channelId,
  isBase58OfLength,
  type ChannelVisibility,
} from "@pod/protocol";
import type { Command } from "commander";
import { display, label, plainAccount } from "../accounts.js";
import { Context } from "../context.js";
import { notFound, usageError } from "../errors.js";
import { readMessage } from "../input.js";
import { submitAndReport } from "../submit.js";

/** `pod channel create|join|leave|post|show`. A channel is named by its name or its id. */
export function registerChannelCommands(program: Command): void {
  const channel = program
    .command("channel")
    .description("create, join, leave, post to or show a channel");

  channel
    .command("create")
    .description("create a channel (you become its first member)")
    .argument("<name>", "channel name (1-64 bytes, one line)")
    .option("--visibility <v>", "public or invite-only", "public")
    .option("--max <n>", "maximum participants (2-10000)", "10000")
    .action(async (name: string, opts: { visibility: string; max: string }, command: Command) => {
      const ctx = Context.of(command);
      const visibility = visibilityOf(opts.visibility);
      const maxParticipants = Number(opts.max);
      if (!Number.isInteger(maxParticipants) || maxParticipants < 2 || maxParticipants > 10_000) {
        throw usageError(`--max must be an integer from 2 to 10000, got "${opts.max}"`);
      }
      await submitAndReport(
        ctx,
        "create",
        (client, o) => client.createChannel({ name, visibility, maxParticipants }, o),
        { channel: name, id: channelId(name) },
      );
    });

  for (const verb of ["join", "leave"] as const) {
    channel
      .command(verb)
      .description(`${verb} a channel`)
      .argument("<channel>", "channel name or id")
      .action(async (ref: string, _opts: object, command: Command) => {
        const ctx = Context.of(command);
        const id = idOf(ref);
        await submitAndReport(
          ctx,
          verb,
          (client, o) =>
            verb === "join"
              ? client.joinChannel({ channel: id }, o)
              : client.leaveChannel({ channel: id }, o),
          { channel: ref, id },
        );
      });
  }

  channel
    .command("post")
    .description("post a message to a channel")
    .argument("<channel>", "channel name or id")
    .argument("<message>", "the text, or @file (@- reads stdin)")
    .option(
      "--content-type <type>",
      "MIME type (default text/plain, or octet-stream for binary files)",
    )
    .option("--reply-to <message-id>", "the message this post answers")
    .action(
      async (
        ref: string,
        message: string,
        opts: { contentType?: string; replyTo?: string },
        command: Command,
      ) => {
        const ctx = Context.of(command);
        const id = idOf(ref);
        if (opts.replyTo !== undefined && !isBase58OfLength(opts.replyTo, 32)) {
          throw usageError(`--reply-to "${opts.replyTo}" is not a message id`);
        }
        const input = await readMessage(message, opts.contentType);
        const result = await submitAndReport(
          ctx,
          "post",
          (client, o) =>
            client.postChannel(
              { channel: id, ...input, ...(opts.replyTo ? { replyTo: opts.replyTo } : {}) },
              o,
            ),
          { channel: ref, id },
        );
        if (!ctx.out.json) ctx.out.fields([["message id", result.receipt.requestKey]]);
      },
    );

  channel
    .command("show")
    .description("a channel's account on chain")
    .argument("<channel>", "channel name or id")
    .action(async (ref: string, _opts: object, command: Command) => {
      const ctx = Context.of(command);
      const id = idOf(ref);
      const client = await ctx.podClient({ reader: true });
      const account = await client.getChannel(id);
      if (!account) throw notFound(`channel ${ref} does not exist`);
      const fields = plainAccount(account);
      if (ctx.out.json) return ctx.out.data({ id, account: fields });
      ctx.out.fields([
        ["channel", ctx.out.color.bold(typeof fields.name === "string" ? fields.name : ref)],
        ["id", id],
        ...Object.entries(fields)
          .filter(([k]) => k !== "name" && k !== "id")
          .map(([k, v]) => [label(k), display(v, k)] as [string, string]),
      ]);
    });
}

/** A base58 string of 32 bytes is an id; anything else is a name (hashed into its id). */
export function idOf(ref: string): string {
  if (ref.length === 0) throw usageError("channel name is empty");
  return isBase58OfLength(ref, 32) ? ref : channelId(ref);
}

function visibilityOf(text: string): ChannelVisibility {
  const v = text.replace(/-/g, "_");
  if (!(CHANNEL_VISIBILITIES as readonly string[]).includes(v)) {
    throw usageError(`--visibility must be public or invite-only, got "${text}"`);
  }
  return v as ChannelVisibility;
}
