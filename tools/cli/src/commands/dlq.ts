import type { Command } from "commander";
import { Context } from "../context.js";
import type { DeadLetterEntry } from "../dead-letters.js";
import { usageError } from "../errors.js";
import { ago } from "../output.js";

/** `pod dlq list|replay`: the POD_DLQ stream, for operators. */
export function registerDlq(program: Command): void {
  const dlq = program.command("dlq").description("inspect and replay dead letters (POD_DLQ)");

  dlq
    .command("list")
    .description("dead letters, newest last")
    .option("--service <name>", "only this service's dead letters")
    .option("--limit <n>", "show the newest n", "50")
    .action(async (opts: { service?: string; limit: string }, command: Command) => {
      const ctx = Context.of(command);
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) {
        throw usageError(`--limit must be a positive integer, got "${opts.limit}"`);
      }
      const { listDeadLetters } = await import("../dead-letters.js");
      const bus = await ctx.natsBus();
      const all = await listDeadLetters(bus, opts.service);
      const shown = all.slice(-limit);
      if (ctx.out.json) return ctx.out.data({ total: all.length, entries: shown });
      if (shown.length === 0) return ctx.out.line(ctx.out.color.dim("no dead letters"));
      ctx.out.table(
        ["seq", "service", "code", "subject", "tries", "when", "reason"],
        shown.map((e) => [
          String(e.seq),
          e.service,
          ctx.out.color.yellow(e.code),
          e.subject,
          String(e.deliveries),
          ago(e.at),
          oneLine(e.reason, 60),
        ]),
      );
      if (all.length > shown.length) {
        ctx.out.line(ctx.out.color.dim(`${shown.length} of ${all.length} shown (--limit)`));
      }
    });

  dlq
    .command("replay")
    .description("republish dead letters to their original subjects, then remove them")
    .argument("[seq]", "the dead letter's sequence (from dlq list)")
    .option("--all", "every dead letter (of --service when given)")
    .option("--service <name>", "with --all: only this service's")
    .action(
      async (
        seqArg: string | undefined,
        opts: { all?: boolean; service?: string },
        command: Command,
      ) => {
        const ctx = Context.of(command);
        if ((seqArg === undefined) === (opts.all !== true)) {
          throw usageError("dlq replay takes a sequence number or --all");
        }
        const { getDeadLetter, listDeadLetters, replayDeadLetter } =
          await import("../dead-letters.js");
        const bus = await ctx.natsBus();
        let entries: DeadLetterEntry[];
        if (seqArg !== undefined) {
          const seq = Number(seqArg);
          if (!Number.isInteger(seq) || seq < 1)
            throw usageError(`"${seqArg}" is not a sequence number`);
          const entry = await getDeadLetter(bus, seq);
          if (opts.service && entry.service !== opts.service) {
            throw usageError(`dead letter ${seq} belongs to ${entry.service}, not ${opts.service}`);
          }
          entries = [entry];
        } else {
          entries = await listDeadLetters(bus, opts.service);
        }
        const results = [];
        for (const entry of entries) {
          const result = await replayDeadLetter(bus, entry);
          results.push(result);
          if (!ctx.out.json) {
            ctx.out.line(
              `${ctx.out.color.green("replayed")} ${result.seq} -> ${result.subject} ` +
                ctx.out.color.dim(
                  `(${result.stream} #${result.streamSeq}, id ${result.msgId}` +
                    `${result.duplicate ? ", duplicate" : ""})`,
                ),
            );
          }
        }
        if (ctx.out.json) return ctx.out.data({ replayed: results });
        if (results.length === 0) ctx.out.line(ctx.out.color.dim("no dead letters"));
      },
    );
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
