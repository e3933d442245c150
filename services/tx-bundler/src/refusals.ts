import type { Operation } from "@pod/protocol";
import type { BundleRecord } from "./ready-record.js";

/**
 * What a missing account means for each operation: the program reports an account it needs
 * and cannot find as AccountOwnerInvalid (nothing owns an address where no account exists).
 */
const MISSING: Partial<Record<Operation, string>> = {
  update_agent: "the agent is not registered on chain",
  create_channel: "the creator is not registered on chain",
  join_channel: "the agent is not registered or the channel does not exist",
  leave_channel: "the agent is not registered or the channel does not exist",
  send_direct: "the sender or the recipient is not registered on chain",
  post_channel: "the sender is not registered, or the channel does not exist",
  mark_message: "no per-account message with this id exists on chain",
};

/** The reason a record.failed event gives: the program's error, in the record's terms. */
export function reasonFor(
  record: BundleRecord,
  name: string,
  message: string,
  logs: readonly string[],
): string {
  const hint = name === "AccountOwnerInvalid" ? MISSING[record.op] : undefined;
  const anchorLine = logs.find((l) => l.includes("AnchorError occurred"));
  const base = hint ? `${name}: ${hint}` : `${name}: ${message}`;
  return anchorLine && !hint ? `${base} (${anchorLine.replace(/^Program log: /, "")})` : base;
}
