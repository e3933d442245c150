import { isBase58OfLength, isRequestId, requestKey } from "@pod/protocol";
import type { Command } from "commander";
import { Context } from "../context.js";
import { notFound, usageError } from "../errors.js";

/** What `pod trace <id>` was given, told apart by shape. */
export type TraceRef = { traceId: string } | { requestKey: string };

/**
 * A trace id is 32 hex digits; a request key is base58 of 32 bytes; anything else that is a
 * valid request id is one of `agent`'s requests (the request key needs the agent).
 */
export function traceRefOf(id: string, agent: () => Promise<string>): Promise<TraceRef> {
  if (/^[0-9a-f]{32}$/i.test(id)) return Promise.resolve({ traceId: id.toLowerCase() });
  if (isBase58OfLength(id, 32)) return Promise.resolve({ requestKey: id });
  if (isRequestId(id)) return agent().then((a) => ({ requestKey: requestKey(a, id) }));
  throw usageError(`"${id}" is not a trace id, request key or request id`);
}

/** `pod trace`: one request's spans across the pipeline as a waterfall. */
export function registerTrace(program: Command): void {
  program
    .command("trace")
    .description("show a request's trace across the services as a waterfall")
    .argument("<id>", "request id, request key (message id) or trace id")
    .option("--agent <address>", "the agent of a request id (default: this keypair's)")
    .action(async (id: string, opts: { agent?: string }, command: Command) => {
      const ctx = Context.of(command);
      const ref = await traceRefOf(id, async () => opts.agent ?? (await ctx.keypair()).address);
      const { readTrace, renderWaterfall } = await import("@pod/tracing");
      const bus = await ctx.natsBus();
      const spans = await readTrace(bus, ref);
      if (spans.length === 0) throw notFound(`no spans stored for ${id}`);
      if (ctx.out.json) return ctx.out.data({ ...ref, spans });
      ctx.out.line(
        renderWaterfall(spans, { width: ctx.out.width, color: ctx.out.color.isColorSupported }),
      );
    });
}
