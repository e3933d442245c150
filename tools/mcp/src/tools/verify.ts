import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { fields, toBase64 } from "@pod/protocol";
import { ProofFetchError, type VerifiableMessage } from "@pod/sdk";
import type { ToolContext } from "../context.js";
import { MessageNotFoundError } from "../errors.js";
import { guarded } from "./guard.js";

const check = z.string().describe("ok, failed, unavailable or not-applicable (see failures)");

const failureView = z.object({
  check: z.enum(["signature", "content", "inclusion"]),
  code: z.string(),
  reason: z.string(),
});

/** How long to wait for a proof the service has not built yet (its tree follower lags). */
const PROOF_WAIT_SEEN_MS = 10_000;
const PROOF_WAIT_UNSEEN_MS = 2_000;
const PROOF_POLL_MS = 250;

interface Verifiable {
  message: VerifiableMessage;
  /** Why no proof could be had for a compressed message (its inclusion says no-proof). */
  proofError?: { code: string; reason: string };
}

/** getProof, asked again while the answer is "not seen yet" (NOT_FOUND), up to waitMs. */
async function proofWithin(ctx: ToolContext, messageId: string, waitMs: number) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await ctx.client.getProof(ctx.subscriptionUrl, messageId);
    } catch (error) {
      const retry = error instanceof ProofFetchError && error.code === "NOT_FOUND";
      if (!retry || Date.now() + PROOF_POLL_MS > deadline) throw error;
      await sleep(PROOF_POLL_MS);
    }
  }
}

/**
 * The message to verify: the delivered copy pod_inbox handed out (it carries content and
 * usually its proof), else the confirmed event and proof the subscription service serves.
 */
async function verifiable(ctx: ToolContext, messageId: string): Promise<Verifiable> {
  const seen = ctx.seen.get(messageId);
  if (seen && (seen.proof || seen.event.storage === "direct")) return { message: seen };
  try {
    const wait = seen ? PROOF_WAIT_SEEN_MS : PROOF_WAIT_UNSEEN_MS;
    const proven = await proofWithin(ctx, messageId, wait);
    return { message: seen ? { ...seen, proof: proven.proof } : proven };
  } catch (error) {
    if (seen) {
      const e = error as { code?: string; message?: string };
      return {
        message: seen,
        proofError: { code: e.code ?? "PROOF_UNAVAILABLE", reason: e.message ?? String(error) },
      };
    }
    if (error instanceof ProofFetchError && error.code === "NOT_COMPRESSED") {
      throw new MessageNotFoundError(
        messageId,
        "is stored as its own account (no tree proof) and this server has not read it: " +
          "read it with pod_inbox first, then verify it by id",
        { cause: error },
      );
    }
    throw error;
  }
}

const cidField = z
  .string()
  .regex(/^b[a-z2-7]{20,120}$/, "must be a base32 CIDv1")
  .describe("IPFS CID (v1, base32)");

// Built once: zod schemas are costly to construct, and HTTP builds a server per request.
const podVerifyTool = {
  title: "Verify a message",
  description:
    "Checks a message without trusting the services: the sender's signature over the " +
    "request rebuilt from the chain record, the content against its hash, and for " +
    "compressed messages the inclusion proof against the state tree's root on chain.",
  inputSchema: { messageId: fields.messageRef.describe("the message id pod_inbox returned") },
  outputSchema: {
    messageId: z.string(),
    verified: z.boolean().describe("signature and content hold, inclusion proven or n/a"),
    signature: check,
    content: check,
    inclusion: z.string().describe("ok, failed, not-compressed (an account) or no-proof"),
    failures: z.array(failureView),
  },
  annotations: { readOnlyHint: true, openWorldHint: true },
};

const podFetchContentTool = {
  title: "Fetch content by CID",
  description:
    "Fetches content stored in PoD's IPFS node by its CID, checked against the CID. " +
    "Returns it as text when it is UTF-8, else as base64.",
  inputSchema: { cid: cidField },
  outputSchema: {
    cid: z.string(),
    size: z.number().describe("bytes"),
    text: z.string().optional(),
    bytes: z.string().optional().describe("base64, when the content is not UTF-8 text"),
  },
  annotations: { readOnlyHint: true, openWorldHint: true },
};

/** pod_verify, pod_fetch_content. */
export function registerVerifyTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool("pod_verify", podVerifyTool, (args) =>
    guarded(ctx, "pod_verify", async () => {
      const target = await verifiable(ctx, args.messageId);
      const report = await ctx.client.verifyMessage(target.message);
      const { signature, content, inclusion } = report;
      const failures = target.proofError
        ? [...report.failures, { check: "inclusion" as const, ...target.proofError }]
        : report.failures;
      const data = {
        messageId: args.messageId,
        verified: report.ok,
        signature,
        content,
        inclusion,
        failures,
      };
      const text =
        `message ${args.messageId}: ${report.ok ? "verified" : "NOT verified"}\n` +
        `signature ${signature}, content ${content}, inclusion ${inclusion}` +
        failures.map((f) => `\n${f.check}: ${f.code}: ${f.reason}`).join("");
      return { data, text };
    }),
  );

  server.registerTool("pod_fetch_content", podFetchContentTool, (args) =>
    guarded(ctx, "pod_fetch_content", async () => {
      const bytes = await ctx.client.fetchContent(args.cid);
      let text: string | undefined;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        text = undefined;
      }
      const data = {
        cid: args.cid,
        size: bytes.length,
        ...(text !== undefined ? { text } : { bytes: toBase64(bytes) }),
      };
      const shown = text ?? `(${bytes.length} bytes, base64 in the structured result)`;
      return { data, text: `${args.cid} (${bytes.length} bytes)\n${shown}` };
    }),
  );
}
