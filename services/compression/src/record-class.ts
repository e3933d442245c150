import type { RequestOf } from "@pod/protocol";

/** How a message lands on chain: a Light compressed record, or a per-message account. */
export type RecordClass = "compressed" | "direct";

export type MessageRequest = RequestOf<"send_direct"> | RequestOf<"post_channel">;

export interface RecordClassPolicy {
  /** An expiring send_direct gets an account of its own. */
  directForExpiring: boolean;
  /** The class of every message the rule above does not catch. */
  defaultClass: RecordClass;
}

/**
 * The record class of a message. Only a per-message account can be marked delivered or read
 * and closed when it expires, so an expiring direct message needs one (when so configured);
 * everything else takes the configured default, normally the rent-free compressed record.
 */
export function recordClassOf(request: MessageRequest, policy: RecordClassPolicy): RecordClass {
  if (
    policy.directForExpiring &&
    request.op === "send_direct" &&
    request.body.expiresAt !== undefined
  ) {
    return "direct";
  }
  return policy.defaultClass;
}
