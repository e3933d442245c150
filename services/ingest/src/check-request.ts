import {
  base64DecodedLength,
  decodePayload,
  InviteExpiredError,
  OPERATIONS,
  SchemaError,
  StaleTimestampError,
  TooLargeError,
  utf8Length,
  verifyRequest,
  type Operation,
  type SignedRequest,
} from "@pod/protocol";
import type { IngestLimits } from "./config.js";

const INGEST_PREFIX = "pod.ingest.";

/** The operation a subject names, only for exactly `pod.ingest.<op>`. */
export function operationOfIngestSubject(subject: string): Operation | undefined {
  if (!subject.startsWith(INGEST_PREFIX)) return undefined;
  const op = subject.slice(INGEST_PREFIX.length);
  return (OPERATIONS as readonly string[]).includes(op) ? (op as Operation) : undefined;
}

/**
 * Checks 1 to 4 of the contract, all without I/O, in order: bytes (size, UTF-8, JSON), schema
 * (and the subject's operation), text rules, signatures. Returns the request or throws the
 * protocol's typed error for the first check that fails.
 */
export function checkRequest(
  subject: string,
  bytes: Uint8Array,
  limits: IngestLimits,
  now: number,
): SignedRequest {
  // Size is refused before decoding so an oversized body costs nothing to turn away.
  const request = decodePayload("request", bytes, limits.maxRequestBytes);
  const op = operationOfIngestSubject(subject);
  if (op === undefined) {
    const message = `subject ${subject} names no operation (pod.ingest.<op>)`;
    throw new SchemaError([{ field: "op", rule: "known_subject", message }]);
  }
  if (request.op !== op) {
    const message = `is ${request.op} but the subject is for ${op}`;
    throw new SchemaError([{ field: "op", rule: "matches_subject", message }]);
  }
  checkContentSize(request, limits.maxTextBytes);
  verifyRequest(request);
  if (request.op === "join_channel" && request.body.invite !== undefined) {
    const { expiresAt } = request.body.invite;
    if (expiresAt <= now) {
      throw new InviteExpiredError(expiresAt, now, { details: { field: "body.invite.expiresAt" } });
    }
  }
  return request;
}

/**
 * The schema already refused control characters and content over MAX_CONTENT_BYTES; the
 * operator's tighter bound on message content is applied here.
 */
function checkContentSize(request: SignedRequest, maxBytes: number): void {
  if (request.op !== "send_direct" && request.op !== "post_channel") return;
  const { text, bytes } = request.body.content;
  // A UTF-16 unit encodes to at most 3 UTF-8 bytes: short texts need no encoding pass.
  if (text !== undefined && text.length * 3 > maxBytes) {
    const actual = utf8Length(text);
    if (actual > maxBytes) throw new TooLargeError("body.content.text", maxBytes, actual);
  } else if (bytes !== undefined) {
    const actual = base64DecodedLength(bytes);
    if (actual > maxBytes) throw new TooLargeError("body.content.bytes", maxBytes, actual);
  }
}

/**
 * Check 5a: the request's timestamp, and each batch entry's (every entry is a request of its
 * own agent), within `skewMs` of `now` either way.
 */
export function checkTimestamps(request: SignedRequest, now: number, skewMs: number): void {
  checkTimestamp(request.ts, now, skewMs, "ts");
  if (request.op === "register_agents") {
    request.body.registrations.forEach((entry, index) => {
      checkTimestamp(entry.ts, now, skewMs, `body.registrations[${index}].ts`);
    });
  }
}

function checkTimestamp(ts: number, now: number, skewMs: number, field: string): void {
  if (Math.abs(now - ts) > skewMs) {
    throw new StaleTimestampError(ts, now, skewMs, { details: { field } });
  }
}
