import type { ChainSource } from "@pod/proof";
import {
  commitmentOf,
  contentBytesOf,
  envelopeFromRecord,
  inlineContentOf,
  sha256Of,
  toHex,
  verifyRequest,
  type Content,
  type InclusionProof,
  type ReadyPayload,
  type RecordConfirmedEvent,
} from "@pod/protocol";

/** What verifyMessage is given: a delivery, or a confirmed event with its proof. */
export interface VerifiableMessage {
  event: RecordConfirmedEvent;
  proof?: InclusionProof;
  content?: Content;
}

export type CheckStatus = "ok" | "failed" | "unavailable" | "not-applicable";
export type InclusionStatus = "ok" | "failed" | "not-compressed" | "no-proof";

export interface VerifyFailure {
  check: "signature" | "content" | "inclusion";
  code: string;
  reason: string;
}

/**
 * The verdict of each check. `ok` when the signature and content hold and the inclusion is
 * proven or does not apply (a per-account message or a non-message record has no tree proof).
 */
export interface VerifyReport {
  ok: boolean;
  /** The agent's signature over the request rebuilt from the record, and its commitment. */
  signature: CheckStatus;
  /** The content's sha256 against the record's content hash (messages only). */
  content: CheckStatus;
  /** The proof's leaf and root against the state tree on chain. */
  inclusion: InclusionStatus;
  failures: VerifyFailure[];
}

export interface VerifyDeps {
  /** Where the tree account is read. */
  chain: ChainSource;
  /** Fetches content stored in IPFS (the client's fetchContent); without it: unavailable. */
  fetch?: (cid: string, contentHash: string) => Promise<Uint8Array>;
}

/**
 * Checks a message without trusting whoever delivered it: the agent's ed25519 signature over
 * the request rebuilt from the record (envelopeFromRecord + verifyRequest) and the
 * commitment it hashes to, the content against the record's hash, and, for compressed
 * messages, the inclusion proof against the state tree's root history on chain
 * (verifyMessageOnChain). `content` (raw bytes or {text|bytes}) overrides the delivered one.
 */
export async function verifyMessage(
  deps: VerifyDeps,
  message: VerifiableMessage,
  content?: Uint8Array | Content,
): Promise<VerifyReport> {
  const failures: VerifyFailure[] = [];
  const { event } = message;
  const isMessage = event.op === "send_direct" || event.op === "post_channel";

  let raw: Uint8Array | undefined;
  let contentStatus: CheckStatus = "not-applicable";
  if (isMessage) {
    const record = event.record;
    try {
      raw = await rawContent(deps, event, message.content, content);
    } catch (error) {
      failures.push({ check: "content", code: codeOf(error), reason: (error as Error).message });
    }
    if (raw === undefined) {
      contentStatus = failures.length > 0 ? "failed" : "unavailable";
    } else if (toHex(sha256Of(raw)) === record.contentHash) {
      contentStatus = "ok";
    } else {
      contentStatus = "failed";
      failures.push({
        check: "content",
        code: "CONTENT_HASH_MISMATCH",
        reason: "the content's sha256 is not the record's contentHash",
      });
    }
  }

  const signature =
    isMessage && contentStatus !== "ok" ? "unavailable" : checkSignature(event, raw, failures);
  const inclusion = await checkInclusion(deps, message, failures);
  const ok =
    signature === "ok" &&
    (contentStatus === "ok" || contentStatus === "not-applicable") &&
    (inclusion === "ok" || inclusion === "not-compressed");
  return { ok, signature, content: contentStatus, inclusion, failures };
}

async function rawContent(
  deps: VerifyDeps,
  event: Extract<RecordConfirmedEvent, { op: "send_direct" | "post_channel" }>,
  delivered: Content | undefined,
  given: Uint8Array | Content | undefined,
): Promise<Uint8Array | undefined> {
  if (given instanceof Uint8Array) return given;
  if (given) return contentBytesOf(given);
  if (delivered) return contentBytesOf(delivered);
  const inline = inlineContentOf(event.record);
  if (inline) return inline;
  if (event.record.cid && deps.fetch) return deps.fetch(event.record.cid, event.record.contentHash);
  return undefined;
}

function checkSignature(
  event: RecordConfirmedEvent,
  raw: Uint8Array | undefined,
  failures: VerifyFailure[],
): CheckStatus {
  try {
    const envelope = envelopeFromRecord(event as unknown as ReadyPayload, raw);
    verifyRequest(envelope);
    if (envelope.agent !== event.agent) {
      failures.push({
        check: "signature",
        code: "AGENT_MISMATCH",
        reason: "signer is not the event's agent",
      });
      return "failed";
    }
    if (commitmentOf(envelope) !== event.commitment) {
      failures.push({
        check: "signature",
        code: "COMMITMENT_MISMATCH",
        reason: "the signed request does not hash to the event's commitment",
      });
      return "failed";
    }
    return "ok";
  } catch (error) {
    failures.push({ check: "signature", code: codeOf(error), reason: (error as Error).message });
    return "failed";
  }
}

async function checkInclusion(
  deps: VerifyDeps,
  message: VerifiableMessage,
  failures: VerifyFailure[],
): Promise<InclusionStatus> {
  // Inline and IPFS-backed messages are both leaves of the state tree; "direct" ones are
  // accounts (or not messages at all) and have no tree proof.
  if (message.event.storage === "direct") return "not-compressed";
  if (message.proof === undefined) return "no-proof";
  // Loaded on first use: @pod/proof (Light's hashing, the program coder) costs ~2 s of CPU
  // to import, which every agent process that never verifies would pay at start.
  const { verifyMessageOnChain } = await import("@pod/proof");
  const result = await verifyMessageOnChain(deps.chain, message);
  if (result.ok) return "ok";
  failures.push({ check: "inclusion", code: result.code, reason: result.reason });
  return "failed";
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : "ERROR";
}
