import type { Delivery } from "@pod/bus";
import { parsePayload, type Operation, type ReadyPayload, type StorageClass } from "@pod/protocol";
import { ReadyInvalidError } from "./errors.js";

/** One ready record as the bundler handles it: the payload plus the fields every step needs. */
export interface BundleRecord {
  ready: ReadyPayload;
  op: Operation;
  storage: StorageClass;
  requestKey: string;
  /** The agent that signed the request (the sender of a message). */
  agent: string;
}

/** Parses a delivery on `pod.pipeline.ready.<op>`; a payload that does not parse is bad input. */
export function recordOf(delivery: Delivery): BundleRecord {
  let ready: ReadyPayload;
  try {
    ready = parsePayload("pipeline.ready", delivery.json());
  } catch (cause) {
    throw new ReadyInvalidError(delivery.subject, { cause });
  }
  return fromReady(ready);
}

export function fromReady(ready: ReadyPayload): BundleRecord {
  const r = ready.record;
  const agent = "sender" in r ? r.sender : r.agent;
  return { ready, op: ready.op, storage: ready.storage, requestKey: r.requestKey, agent };
}

/** Message records that become compressed leaves (inline content or a CID in the memo). */
export function isCompressedMessage(record: BundleRecord): boolean {
  return (
    (record.op === "send_direct" || record.op === "post_channel") && record.storage !== "direct"
  );
}
