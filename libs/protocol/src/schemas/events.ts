import { z } from "zod";
import { REJECTION_CODES } from "../errors.js";
import { OPERATIONS } from "../subjects.js";
import { MAX_BATCH_REGISTRATIONS } from "../limits.js";
import {
  publicKey,
  reason,
  requestId,
  requestKeyField,
  signature,
  unixMs,
  version,
} from "./fields.js";
import { STORAGE_CLASSES } from "./pipeline.js";

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

export const recordConfirmedEvent = z.strictObject({
  v: version,
  requestId,
  op,
  /** The agent that signed the request. */
  agent: publicKey,
  /** The request key (message id for messages). */
  requestKey: requestKeyField,
  /** Agents whose registration this confirmed (register_agent and register_agents only). */
  registered: z.array(publicKey).max(MAX_BATCH_REGISTRATIONS).optional(),
  storage: z.enum(STORAGE_CLASSES),
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
});

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

export const messageDeliveredEvent = z.strictObject({
  v: version,
  requestId,
  /** The agent the message was pushed to. */
  agent: publicKey,
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
