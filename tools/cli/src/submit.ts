import type { Confirmed, PodClient, Receipt } from "@pod/sdk";
import type { Context } from "./context.js";

/** One of PodClient's typed helpers, bound to its arguments. */
export type HelperCall = (
  client: PodClient,
  opts: { confirm: boolean; timeoutMs: number },
) => Promise<Receipt | Confirmed>;

export interface SubmitResult {
  receipt: Receipt;
  event?: Confirmed["event"];
}

/**
 * Runs a write: ingest's receipt, then (unless --no-wait) the chain's confirmation, with a
 * spinner on a TTY. Prints the result and returns it for commands that add lines.
 */
export async function submitAndReport(
  ctx: Context,
  what: string,
  call: HelperCall,
  extra: Record<string, string | number | undefined> = {},
): Promise<SubmitResult> {
  const client = await ctx.podClient();
  const confirm = ctx.config.wait;
  const outcome = await ctx.out.progress(
    confirm ? `${what}: waiting for the chain` : `${what}: waiting for ingest`,
    () => call(client, { confirm, timeoutMs: ctx.config.timeoutMs }),
  );
  const result: SubmitResult =
    "receipt" in outcome
      ? { receipt: outcome.receipt, event: outcome.event }
      : { receipt: outcome };
  report(ctx, what, result, extra);
  return result;
}

function report(
  ctx: Context,
  what: string,
  { receipt, event }: SubmitResult,
  extra: Record<string, string | number | undefined>,
): void {
  if (ctx.out.json) {
    ctx.out.data({ ...extra, receipt, ...(event ? { event } : {}) });
    return;
  }
  const c = ctx.out.color;
  const state = event
    ? event.alreadyApplied
      ? c.yellow("confirmed (already on chain)")
      : c.green("confirmed")
    : c.cyan(receipt.duplicate ? "accepted (duplicate)" : "accepted");
  ctx.out.line(`${c.bold(what)} ${state}`);
  ctx.out.fields([
    ...Object.entries(extra),
    ["request", receipt.requestKey],
    ["trace", receipt.traceId],
    ["slot", event?.slot],
    ["tx", event ? event.signature : undefined],
    ["storage", event?.storage],
    [
      "cost",
      event
        ? `${event.lamportsPerMessage.toFixed(0)} lamports (${event.bundleSize} in tx)`
        : undefined,
    ],
  ]);
}
