import {
  inclusionProof,
  isBase58OfLength,
  recordConfirmedEvent,
  type InclusionProof,
  type RecordConfirmedEvent,
} from "@pod/protocol";
import type { Command } from "commander";
import { Context, withTimeout } from "../context.js";
import { buildProofLocally } from "../local-proof.js";
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
    .option("--no-local-proof", "only use the subscription service's proof, never build one")
    .action(async (messageId: string, opts: { localProof: boolean }, command: Command) => {
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
      // The service serves proofs only for some classes (and only once its follower saw the
      // leaf); every message that is not a per-account one is a leaf we can prove ourselves.
      let proof = fetched.proof;
      let proofSource = proof ? "subscription" : undefined;
      if (!proof && event.storage !== "direct" && opts.localProof) {
        proof = await ctx.out.progress("building the inclusion proof from the chain", () =>
          buildProofLocally(ctx.config.rpcUrl, event.commitment, ctx.config.timeoutMs),
        );
        if (proof) proofSource = "chain";
      }
      const verdict = await client.verifyMessage(proof ? { event, proof } : { event });
      const reasonOf = (check: string) =>
        verdict.failures.filter((f) => f.check === check).map((f) => `${f.code}: ${f.reason}`)[0];
      const checks: Record<string, Check> = {};
      for (const name of ["signature", "content", "inclusion"] as const) {
        const status = verdict[name];
        const ok = status === "ok" || status === "not-applicable" || status === "not-compressed";
        const reason = reasonOf(name);
        checks[name] = { ok, status, ...(reason ? { reason } : {}) };
      }
      report(ctx, messageId, event, proof, proofSource, checks, verdict.ok);
      if (!verdict.ok) {
        const failed = Object.entries(checks)
          .filter(([, c]) => !c.ok)
          .map(([k, c]) => `${k} ${c.status}`);
        throw new ReportedError(
          "VERIFY_FAILED",
          `${failed.join(", ")}${failed.length ? "" : "verification failed"}`,
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
    event?: unknown;
    proof?: unknown;
  };
  if (response.status === 200) {
    const event = recordConfirmedEvent.safeParse(body.event);
    const proof = inclusionProof.safeParse(body.proof);
    if (event.success && proof.success) return { event: event.data, proof: proof.data };
    throw new CliError("PROOF_UNAVAILABLE", `${url} answered a malformed proof`, EXIT.failure);
  }
  // A known message whose leaf the service has not seen yet, or a service without a tree
  // follower: the event comes from POD_EVENTS and the proof from the chain.
  if (response.status === 404 && /leaf/.test(body.reason ?? "")) return {};
  if (response.status === 503 && body.code === "PROOF_UNAVAILABLE") return {};
  if (response.status === 404) throw notFound(`no confirmed message ${messageId}`);
  // Not served for this storage class: the event comes from POD_EVENTS.
  if (response.status === 409 && body.code === "NOT_COMPRESSED") return {};
  throw new CliError(
    body.code ?? "PROOF_UNAVAILABLE",
    `${url} answered HTTP ${response.status}${body.reason ? `: ${body.reason}` : ""}`,
    EXIT.failure,
  );
}

function report(
  ctx: Context,
  messageId: string,
  event: RecordConfirmedEvent,
  proof: InclusionProof | undefined,
  proofSource: string | undefined,
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
        ? {
            proof: {
              source: proofSource,
              tree: proof.tree,
              leafIndex: proof.leafIndex,
              root: proof.root,
            },
          }
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
      show(checks.inclusion!) +
        (proof
          ? c.dim(` leaf ${proof.leafIndex} of ${proof.tree}, proof from ${proofSource}`)
          : ""),
    ],
  ]);
  ctx.out.line(ok ? c.green("verified") : c.red("NOT verified"));
}
