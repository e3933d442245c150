import { z } from "zod";
import { MAX_PAYLOAD_BYTES, MAX_REQUEST_BYTES } from "../limits.js";
import { SERVICES } from "../subjects.js";
import { base64, reason, unixMs, version } from "./fields.js";

/**
 * A dead letter on `pod.dlq.<service>`: a message a service gave up on after bounded retries.
 * The original headers travel as NATS headers of the dead letter, not in this body.
 */
export const deadLetter = z.strictObject({
  v: version,
  service: z.enum(SERVICES),
  /** The subject the original message was consumed from. */
  subject: z.string().regex(/^pod(?:\.[A-Za-z0-9_-]+)+$/, "must be a pod.* subject"),
  reason,
  /** The failure's code, e.g. SCHEMA_INVALID or a service's own code. */
  code: z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/, "must be UPPER_SNAKE_CASE"),
  /** How many times the message was delivered before it was parked. */
  deliveries: z.number().int().positive(),
  at: unixMs,
  /** The original's message id (Nats-Msg-Id), when it had one. */
  msgId: z.string().min(1).max(512).optional(),
  /** Where the original was stored: its stream and sequence there. */
  stream: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, "must be a stream name"),
  streamSequence: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** The original payload bytes, whatever they were (they may not be valid JSON). */
  data: base64(Math.max(MAX_PAYLOAD_BYTES, MAX_REQUEST_BYTES)),
});

export type DeadLetter = z.infer<typeof deadLetter>;
