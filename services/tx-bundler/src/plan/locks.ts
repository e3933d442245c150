import { channelId } from "@pod/protocol";
import type { BundleRecord } from "../ready-record.js";
import { isCompressedMessage } from "../ready-record.js";
import { agentPda, channelPdaOfId, membershipPda, messagePda } from "./accounts.js";
import type { LockKey } from "./plan.js";

const w = (k: { toBase58(): string }): LockKey => ({ key: k.toBase58(), write: true });
const r = (k: { toBase58(): string }): LockKey => ({ key: k.toBase58(), write: false });

/**
 * The program accounts a record touches, derived from the record alone. Transactions in
 * flight at once may land in any order, so a record waits for earlier ones that write what it
 * touches (a join waits for the channel's creation). Compressed leaves touch none: the tree
 * takes appends in any order.
 */
export function lockKeysOf(record: BundleRecord): LockKey[] {
  const ready = record.ready;
  switch (ready.op) {
    case "register_agent":
    case "update_agent":
      return [w(agentPda(ready.record.agent))];
    case "register_agents":
      return ready.record.body.registrations.map((e) => w(agentPda(e.agent)));
    case "create_channel":
      return [w(channelPdaOfId(channelId(ready.record.body.name))), r(agentPda(record.agent))];
    case "join_channel":
    case "leave_channel": {
      // The channel is taken as read: joins and leaves change only its member count, which
      // commutes, so joins to one channel land side by side. They still wait for the
      // channel's creation (a writer), and a join and leave of one agent keep stream order
      // on the membership.
      const ch = ready.record.body.channel;
      return [r(agentPda(record.agent)), r(channelPdaOfId(ch)), w(membershipPda(ch, record.agent))];
    }
    case "send_direct":
      if (isCompressedMessage(record)) return [];
      return [
        r(agentPda(record.agent)),
        r(agentPda(ready.record.recipient)),
        w(messagePda(ready.record.requestKey)),
      ];
    case "post_channel": {
      if (isCompressedMessage(record)) return [];
      const ch = ready.record.channel;
      return [
        r(agentPda(record.agent)),
        r(channelPdaOfId(ch)),
        r(membershipPda(ch, record.agent)),
        w(messagePda(ready.record.requestKey)),
      ];
    }
    case "mark_message":
      return [w(messagePda(ready.record.body.message))];
  }
}

/** Records whose instruction depends on what the chain holds when it is planned. */
export function readsChainToPlan(record: BundleRecord): boolean {
  switch (record.op) {
    case "register_agents":
    case "join_channel":
    case "leave_channel":
      return true;
    case "update_agent": {
      const body = (record.ready as { record: { body: Record<string, unknown> } }).record.body;
      return body.capabilities === undefined || body.metadataUri === undefined;
    }
    default:
      return false;
  }
}
