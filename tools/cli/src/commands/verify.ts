import { isBase58OfLength, type InclusionProof, type RecordConfirmedEvent } from "@pod/protocol";
import type { Command } from "commander";
import { Context, withTimeout } from "../context.js";
import { CliError, EXIT, notFound, ReportedError, unreachable, usageError } from "../errors.js";

/** One check of a verification as the CLI reports it. */
interface Check {
  ok: boolean;
  /** ok, failed, not-compressed, ... */
  status: string;
  reason?: string;
}

/**
 * `pod verify <message-id>`: fetches the message's confirmed event and inclusion proof from
 * the subscription service and checks, against the chain itself, that the sender signed it,
 * that the content matches, and that the record is in the state tree.
 */
export function registerVerify(program: Command): void {
  program
    .command("verify")
    .description("verify a message's signature, content and on-chain inclusion")
    .argument("<message-id>", "the message id (request key)")
    .action(async (messageId: string, _opts: object, command: Command) => {
      const ctx = Context.of(command);
      if (!isBase58OfLength(messageId, 32)) throw usageError(`"${messageId}" is not a message id`);
      const fetched = await fetchProof(ctx, messageId);
      const client = await ctx.podClient({ reader: true });
      const event =
        fetched.event ??
        (await withTimeout(
          client.waitFor(messageId, { since: 0, timeoutMs: ctx.config.timeoutMs }),
          ctx.config.timeoutMs,
          "finding the message's confirmation",
        ));
      if (event.op !== "send_direct" && event.op !== "post_channel") {
        throw usageError(`${messageId} is a ${event.op} request, not a message`);
      }
      const result = (await client.verifyMessage(
        fetched.proof ? { event, proof: fetched.proof } : { event },
      )) as unknown as Record<string, unknown>;

      const checks = {
        signature: checkOf(result.signature),
        content: checkOf(result.content),
        inclusion: checkOf(result.inclusion, fetched.proof ? undefined : "not-compressed"),
      };
      const ok = Object.values(checks).every((c) => c.ok);
      report(ctx, messageId, event, fetched.proof, checks, ok);
      if (!ok) {
        const failed = Object.entries(checks)
          .filter(([, c]) => !c.ok)
          .map(([k]) => k);
        throw new ReportedError(
          "VERIFY_FAILED",
          `${failed.join(", ")} did not verify`,
          EXIT.verifyFailed,
        );
      }
    });
}

interface Fetched {
  event?: RecordConfirmedEvent;
  proof?: InclusionProof;
}

async function fetchProof(ctx: Context, messageId: string): Promise<Fetched> {
  const url = `${ctx.config.subscriptionUrl}/v1/proof/${messageId}`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(ctx.config.timeoutMs) });
  } catch (error) {
    if ((error as Error).name === "TimeoutError") {
      throw new CliError("TIMEOUT", `${url} did not answer in time`, EXIT.timeout);
    }
    throw unreachable(`the subscription service at ${ctx.config.subscriptionUrl}`, error);
  }
  const body = (await response.json().catch(() => ({}))) as {
    code?: string;
    reason?: string;
    event?: RecordConfirmedEvent;
    proof?: InclusionProof;
  };
  if (response.status === 200 && body.event) return { event: body.event, proof: body.proof };
  if (response.status === 404) throw notFound(`no confirmed message ${messageId}`);
  // Direct and inline messages have no compressed leaf: the event comes from POD_EVENTS.
  if (response.status === 409 && body.code === "NOT_COMPRESSED") return {};
  throw new CliError(
    body.code ?? "PROOF_UNAVAILABLE",
    `${url} answered HTTP ${response.status}${body.reason ? `: ${body.reason}` : ""}`,
    EXIT.failure,
  );
}

/** The SDK reports each check as "ok"/a status string, a boolean, or { ok, reason }. */
function checkOf(value: unknown, fallback?: string): Check {
  if (value === undefined && fallback) return { ok: true, status: fallback };
  if (value === true || value === "ok") return { ok: true, status: "ok" };
  if (value === "not-compressed") return { ok: true, status: "not-compressed" };
  if (value === false || value === undefined) return { ok: false, status: "failed" };
  if (typeof value === "string") return { ok: false, status: value };
  const v = value as { ok?: boolean; status?: string; reason?: string; code?: string };
  const status = v.status ?? (v.ok ? "ok" : (v.code ?? "failed"));
  return {
    ok: v.ok === true || status === "ok" || status === "not-compressed",
    status,
    ...(v.reason ? { reason: v.reason } : {}),
  };
}

function report(
  ctx: Context,
  messageId: string,
  event: RecordConfirmedEvent,
  proof: InclusionProof | undefined,
  checks: Record<string, Check>,
  ok: boolean,
): void {
  const record = event.record as { sender?: string; recipient?: string; channel?: string };
  if (ctx.out.json) {
    ctx.out.data({
      message: messageId,
      ok,
      checks,
      sender: record.sender,
      ...(record.recipient ? { recipient: record.recipient } : {}),
      ...(record.channel ? { channel: record.channel } : {}),
      storage: event.storage,
      signature: event.signature,
      slot: event.slot,
      ...(proof
        ? { proof: { tree: proof.tree, leafIndex: proof.leafIndex, root: proof.root } }
        : {}),
    });
    return;
  }
  const c = ctx.out.color;
  const show = (k: Check) =>
    (k.ok ? c.green(k.status) : c.red(k.status)) + (k.reason ? c.dim(` (${k.reason})`) : "");
  ctx.out.fields([
    ["message", messageId],
    ["from", record.sender],
    ["to", record.recipient],
    ["channel", record.channel],
    ["storage", event.storage],
    ["tx", `${event.signature} (slot ${event.slot})`],
    ["signature", show(checks.signature!)],
    ["content", show(checks.content!)],
    [
      "inclusion",
      show(checks.inclusion!) + (proof ? c.dim(` tree ${proof.tree} leaf ${proof.leafIndex}`) : ""),
    ],
  ]);
  ctx.out.line(ok ? c.green("verified") : c.red("NOT verified"));
}
