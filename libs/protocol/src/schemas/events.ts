import { z } from "zod";
import { REJECTION_CODES } from "../errors.js";
import { OPERATIONS } from "../subjects.js";
import { MAX_BATCH_REGISTRATIONS } from "../limits.js";
import {
  channelRef,
  publicKey,
  reason,
  requestId,
  requestKeyField,
  sha256Hex,
  signature,
  unixMs,
  version,
} from "./fields.js";
import { STORAGE_CLASSES } from "./pipeline.js";
import { recordSchemas } from "./records.js";

/** Lifecycle events on `pod.events.<entity>.<event>`. `at` is when the event happened. */

const op = z.enum(OPERATIONS);
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** A code raised by a service for its own failures (e.g. SIMULATION_FAILED), upper snake case. */
const failureCode = z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/, "must be UPPER_SNAKE_CASE");

export const requestAcceptedEvent = z.strictObject({
  v: version,
  requestId,
  op,
  agent: publicKey,
  at: unixMs,
});

/** What the agent reads when ingest refuses a request; `field` names the offending field. */
export const requestRejectedEvent = z.strictObject({
  v: version,
  requestId: requestId.optional(),
  op: op.optional(),
  agent: publicKey.optional(),
  code: z.enum(REJECTION_CODES),
  reason,
  field: z.string().max(256).optional(),
  at: unixMs,
});

export const contentStoredEvent = z.strictObject({
  v: version,
  requestId,
  cid: z.string().regex(/^b[a-z2-7]{20,120}$/, "must be a base32 CIDv1"),
  bytes: count,
  at: unixMs,
});

const confirmedFields = {
  v: version,
  requestId,
  /** The agent that signed the request. */
  agent: publicKey,
  /** The request key (message id for messages). */
  requestKey: requestKeyField,
  /** Agents whose registration this confirmed (register_agent and register_agents only). */
  registered: z.array(publicKey).max(MAX_BATCH_REGISTRATIONS).optional(),
  storage: z.enum(STORAGE_CLASSES),
  /**
   * sha256(agent signature || canonical request bytes), hex: what the chain stores for this
   * request (a compressed record's envelope hash, an account's commitment).
   */
  commitment: sha256Hex,
  /** The transaction signature, base58. */
  signature,
  slot: count,
  computeUnits: count,
  /** The whole transaction's fee. */
  feeLamports: count,
  /** This request's share of fees and rent; fractional when a transaction carries several. */
  lamportsPerMessage: z.number().nonnegative().finite(),
  /** Requests the transaction carried (this one included). */
  bundleSize: z.number().int().positive().max(64),
  /** True when the chain already held this request's effect (a redelivery or retry). */
  alreadyApplied: z.boolean().optional(),
  at: unixMs,
};

function confirmedOf<Op extends (typeof OPERATIONS)[number]>(op: Op) {
  return z.strictObject({
    ...confirmedFields,
    op: z.literal(op),
    /**
     * The chain record the request became, as the bundler wrote it: enough for a reader
     * (subscription, an agent) to rebuild and verify the signed request without the chain.
     */
    record: recordSchemas[op],
  });
}

/** tx-bundler: a request's effect is on chain. Discriminated by `op`, which types `record`. */
export const recordConfirmedEvent = z.discriminatedUnion("op", [
  confirmedOf("register_agent"),
  confirmedOf("register_agents"),
  confirmedOf("update_agent"),
  confirmedOf("create_channel"),
  confirmedOf("join_channel"),
  confirmedOf("leave_channel"),
  confirmedOf("send_direct"),
  confirmedOf("post_channel"),
  confirmedOf("mark_message"),
]);

export const recordFailedEvent = z.strictObject({
  v: version,
  requestId,
  op,
  agent: publicKey,
  requestKey: requestKeyField,
  code: failureCode,
  reason,
  at: unixMs,
});

/** subscription: a confirmed message was written to a connected agent's socket. */
export const messageDeliveredEvent = z.strictObject({
  v: version,
  requestId,
  /** The message's request key (its id). */
  requestKey: requestKeyField,
  op: z.enum(["send_direct", "post_channel"]),
  /** The agent the message was pushed to. */
  agent: publicKey,
  /** The channel, for a channel post. */
  channel: channelRef.optional(),
  transport: z.enum(["ws", "sse"]),
  /** `at` of the record.confirmed event this delivery carried (confirmed-to-delivered). */
  confirmedAt: unixMs,
  at: unixMs,
});

/** The schema of each event subject's payload. */
export const eventSchemas = {
  "request.accepted": requestAcceptedEvent,
  "request.rejected": requestRejectedEvent,
  "content.stored": contentStoredEvent,
  "record.confirmed": recordConfirmedEvent,
  "record.failed": recordFailedEvent,
  "message.delivered": messageDeliveredEvent,
} as const;

export type RequestAcceptedEvent = z.infer<typeof requestAcceptedEvent>;
export type RequestRejectedEvent = z.infer<typeof requestRejectedEvent>;
export type ContentStoredEvent = z.infer<typeof contentStoredEvent>;
export type RecordConfirmedEvent = z.infer<typeof recordConfirmedEvent>;
export type RecordFailedEvent = z.infer<typeof recordFailedEvent>;
export type MessageDeliveredEvent = z.infer<typeof messageDeliveredEvent>;
