import {
  parsePayload,
  PROTOCOL_VERSION,
  subjects,
  type RecordConfirmedEvent,
  type RecordFailedEvent,
} from "@pod/protocol";
import type { BundleRecord } from "./ready-record.js";

export const CONFIRMED_SUBJECT = subjects.event("record", "confirmed");
export const FAILED_SUBJECT = subjects.event("record", "failed");

/** Light's V1 rollover fee, charged to the fee payer for every appended leaf. */
export const LIGHT_LAMPORTS_PER_LEAF = 300;

export const confirmedMsgId = (requestKey: string) => `confirmed:${requestKey}`;
export const failedMsgId = (requestKey: string) => `failed:${requestKey}`;

/** What one landed transaction cost and carried, shared by the events of its records. */
export interface LandedTx {
  signature: string;
  slot: number;
  computeUnits: number;
  feeLamports: number;
  /** Rent of the accounts it created, all records together. */
  rentLamports: number;
  leaves: number;
  bundleSize: number;
  alreadyApplied?: boolean;
}

/** Agents a register op registers (the confirmed event lists them for ingest). */
export function registeredOf(record: BundleRecord): string[] | undefined {
  const ready = record.ready;
  if (ready.op === "register_agent") return [ready.record.agent];
  if (ready.op === "register_agents") return ready.record.body.registrations.map((e) => e.agent);
  return undefined;
}

/** Each request's share: (fee + rent + Light's per-leaf fee) over the records it carried. */
export function lamportsPerMessage(tx: LandedTx): number {
  const spent = tx.feeLamports + tx.rentLamports + LIGHT_LAMPORTS_PER_LEAF * tx.leaves;
  return spent / tx.bundleSize;
}

export function confirmedEvent(record: BundleRecord, tx: LandedTx): RecordConfirmedEvent {
  const registered = registeredOf(record);
  return parsePayload("event.record.confirmed", {
    v: PROTOCOL_VERSION,
    requestId: record.ready.requestId,
    op: record.op,
    agent: record.agent,
    requestKey: record.requestKey,
    ...(registered ? { registered } : {}),
    storage: record.storage,
    commitment: record.ready.commitment,
    record: record.ready.record,
    signature: tx.signature,
    slot: tx.slot,
    computeUnits: tx.computeUnits,
    feeLamports: tx.feeLamports,
    lamportsPerMessage: lamportsPerMessage(tx),
    bundleSize: tx.bundleSize,
    ...(tx.alreadyApplied ? { alreadyApplied: true } : {}),
    at: Date.now(),
  });
}

/** A reason fits the event's bound (1,024 bytes). */
function bounded(reason: string): string {
  return Buffer.byteLength(reason) <= 1000 ? reason : `${reason.slice(0, 990)}...`;
}

export function failedEvent(record: BundleRecord, code: string, reason: string): RecordFailedEvent {
  return parsePayload("event.record.failed", {
    v: PROTOCOL_VERSION,
    requestId: record.ready.requestId,
    op: record.op,
    agent: record.agent,
    requestKey: record.requestKey,
    code,
    reason: bounded(reason),
    at: Date.now(),
  });
}
