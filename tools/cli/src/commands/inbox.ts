import { isBase58OfLength, type DeliveredMessage, type SubscriptionFilter } from "@pod/protocol";
import type { Command } from "commander";
import { parseDuration } from "../config.js";
import { Context } from "../context.js";
import { usageError } from "../errors.js";
import { InboxState } from "../inbox-state.js";
import { short } from "../output.js";
import { idOf } from "./channel.js";

interface InboxOptions {
  follow?: boolean;
  cursor?: string;
  from?: string[];
  channel?: string[];
  idle: string;
  transport: string;
  save: boolean;
}

/**
 * `pod inbox`: messages delivered to this agent, from where the last `pod inbox` stopped.
 * Without --follow it stops once nothing new arrived for --idle; with it, it tails until
 * Ctrl-C, reconnecting and resuming from the last cursor.
 */
export function registerInbox(program: Command): void {
  program
    .command("inbox")
    .description("show messages delivered to this agent (resumes where the last run stopped)")
    .option("-f, --follow", "keep tailing new messages until Ctrl-C")
    .option(
      "--cursor <cursor>",
      "start after this cursor instead of the saved one (0: from the start)",
    )
    .option("--from <agent>", "only messages from this sender (repeatable, or a,b)", collect)
    .option("--channel <channel>", "only this channel, name or id (repeatable, or a,b)", collect)
    .option("--idle <duration>", "without --follow: stop after this long without a message", "2s")
    .option("--transport <t>", "ws or sse", "ws")
    .option("--no-save", "do not remember the last cursor")
    .action(async (opts: InboxOptions, command: Command) => {
      const ctx = Context.of(command);
      const idleMs = parseDuration(opts.idle, "--idle");
      if (opts.transport !== "ws" && opts.transport !== "sse") {
        throw usageError(`--transport must be ws or sse, got "${opts.transport}"`);
      }
      if (opts.cursor !== undefined && !/^\d{1,20}$/.test(opts.cursor)) {
        throw usageError(`--cursor must be a decimal cursor, got "${opts.cursor}"`);
      }
      const filter = filterOf(opts);
      const client = await ctx.podClient();
      const state = new InboxState(ctx.config.stateDir);
      const key = InboxState.keyOf(client.agent, ctx.config.subscriptionUrl);
      const saved = opts.cursor === undefined ? await state.get(key) : undefined;
      // First run: everything the events stream still holds (cursor 0), not just what comes
      // from now on; later runs continue after the saved cursor.
      const start = opts.cursor ?? saved ?? "0";

      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      ctx.onClose(async () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      });

      const subscription = client.subscribe({
        url: ctx.config.subscriptionUrl,
        ...(filter ? { filter } : {}),
        cursor: start,
        transport: opts.transport,
        signal: abort.signal,
        // A one-shot read gives up on a service that is not there; a tail keeps retrying.
        ...(opts.follow ? {} : { maxAttempts: 3, maxDelayMs: 1_000 }),
      });
      ctx.onClose(async () => subscription.close());

      // Without --follow, "caught up" is "quiet for --idle" once connected: the protocol has
      // no end-of-backlog marker.
      let idle: NodeJS.Timeout | undefined;
      const armIdle = () => {
        if (opts.follow) return;
        clearTimeout(idle);
        idle = setTimeout(stop, idleMs);
      };
      subscription.on("connected", armIdle);
      if (opts.follow && !ctx.out.json) {
        subscription.on("disconnected", ({ error, willRetry }) => {
          if (willRetry) ctx.out.warn(`${error.code}: ${error.reason}; reconnecting`);
        });
      }
      // The subscription closes itself on abort (its signal); only the timer is ours.
      abort.signal.addEventListener("abort", () => clearTimeout(idle));

      let count = 0;
      try {
        for await (const message of subscription) {
          clearTimeout(idle);
          await show(ctx, client, message);
          count++;
          if (opts.save) await state.set(key, message.cursor);
          armIdle();
        }
      } catch (error) {
        if (!abort.signal.aborted) throw error;
      } finally {
        clearTimeout(idle);
      }
      if (!ctx.out.json && !opts.follow) {
        ctx.out.line(ctx.out.color.dim(count === 0 ? "no new messages" : `${count} message(s)`));
      }
    });
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function filterOf(opts: InboxOptions): SubscriptionFilter | undefined {
  const filter: SubscriptionFilter = {};
  if (opts.from?.length) {
    filter.senders = opts.from.flatMap((s) => s.split(","));
    const bad = filter.senders.find((a) => !isBase58OfLength(a, 32));
    if (bad !== undefined) throw usageError(`--from "${bad}" is not an agent address`);
  }
  if (opts.channel?.length) {
    filter.channels = opts.channel.flatMap((s) => s.split(",")).map(idOf);
    // A channel filter asks for those channels' posts, not direct messages too.
    filter.kinds = ["channel"];
  }
  return Object.keys(filter).length ? filter : undefined;
}

type Client = Awaited<ReturnType<Context["podClient"]>>;

async function show(ctx: Context, client: Client, message: DeliveredMessage): Promise<void> {
  const event = message.event;
  const record = event.record as {
    sender: string;
    recipient?: string;
    channel?: string;
    contentType: string;
    cid?: string;
  };
  let content: { text?: string; bytes?: string } | undefined = message.content;
  let contentError: string | undefined;
  if (!content) {
    try {
      const fetched = await client.contentOf(message);
      content =
        fetched.text !== undefined
          ? { text: fetched.text }
          : { bytes: Buffer.from(fetched.bytes).toString("base64") };
    } catch (error) {
      contentError = (error as Error).message;
    }
  }
  if (ctx.out.json) {
    ctx.out.data({
      cursor: message.cursor,
      id: event.requestKey,
      kind: event.op === "send_direct" ? "direct" : "channel",
      from: record.sender,
      ...(record.recipient ? { to: record.recipient } : {}),
      ...(record.channel ? { channel: record.channel } : {}),
      contentType: record.contentType,
      ...(content ? { content } : {}),
      ...(record.cid ? { cid: record.cid } : {}),
      ...(contentError ? { contentError } : {}),
      storage: event.storage,
      slot: event.slot,
      signature: event.signature,
      confirmedAt: event.at,
    });
    return;
  }
  const c = ctx.out.color;
  const when = new Date(event.at).toISOString().slice(11, 19);
  const where = record.channel ? c.magenta(`#${short(record.channel, 6)}`) : c.cyan("direct");
  const body =
    content?.text ??
    (content?.bytes !== undefined
      ? c.dim(`<${Buffer.from(content.bytes, "base64").byteLength} bytes ${record.contentType}>`)
      : c.red(`<content unavailable: ${contentError ?? "unknown"}>`));
  ctx.out.line(`${c.dim(when)} ${c.bold(short(record.sender))} ${where} ${body}`);
  ctx.out.line(c.dim(`         id ${event.requestKey}  cursor ${message.cursor}`));
}
