import { fromHex, type MemoEntry, type ReadyPayloadOf } from "@pod/protocol";
import { podInstruction } from "@pod/program";
import type { PublicKey } from "@solana/web3.js";
import { commitmentBytes } from "./agents.js";
import {
  ACCOUNT_BYTES,
  agentPda,
  bytes32,
  channelPdaOfId,
  key,
  membershipPda,
  messagePda,
  PROTOCOL,
} from "./accounts.js";
import type { PlanContext } from "./context.js";
import type { Planned } from "./plan.js";

type MessageReady = ReadyPayloadOf<"send_direct"> | ReadyPayloadOf<"post_channel">;

/** The memo line of a message: its CID, or its (encoded) content itself. */
export function memoEntryOf(record: MessageReady["record"]): MemoEntry {
  if (record.cid !== undefined) return { cid: record.cid };
  return {
    compressedContent: record.compressedContent!,
    contentEncoding: record.contentEncoding ?? "identity",
  };
}

/** Compressed (and inline) messages: one leaf each, the envelope hash being the commitment. */
export function planCompressedMessage(ready: MessageReady): Planned {
  return {
    type: "plan",
    plan: {
      kind: "compressed",
      sender: key(ready.record.sender),
      envelopeHash: commitmentBytes(ready.commitment),
      memo: memoEntryOf(ready.record),
    },
  };
}

/**
 * TTL of a per-account message: until its expiresAt (rounded up to a second, at most the
 * protocol's maximum), or the maximum when it has none. Undefined when it expired already.
 */
export function ttlSecsOf(expiresAt: number | undefined, ctx: PlanContext): number | undefined {
  const max = ctx.protocol.maxTtlSecs;
  if (expiresAt === undefined) return max;
  const secs = Math.ceil((expiresAt - ctx.now) / 1000);
  if (secs <= 0) return undefined;
  return Math.min(secs, max);
}

function messageArgs(ready: MessageReady, ttlSecs: number) {
  const r = ready.record;
  return {
    request_id: [...bytes32(r.requestKey)],
    message_type: r.contentKind === "text" ? { Text: {} } : { Data: {} },
    content_hash: [...(fromHex(r.contentHash) ?? new Uint8Array(32))],
    ttl_secs: ttlSecs,
    commitment: commitmentBytes(ready.commitment),
    cid: r.cid ?? null,
  };
}

export function planDirectMessage(ready: MessageReady, ctx: PlanContext): Planned {
  const r = ready.record;
  const expiresAt = "expiresAt" in r ? r.expiresAt : undefined;
  const ttl = ttlSecsOf(expiresAt, ctx);
  if (ttl === undefined) {
    return {
      type: "refused",
      code: "MESSAGE_EXPIRED",
      reason: `message expired at ${expiresAt} before it could land`,
    };
  }
  const args = { args: messageArgs(ready, ttl) };
  const message = messagePda(r.requestKey);
  const common = { authority: ctx.authority, protocol: PROTOCOL, message };
  // Derived once here: build() runs for every candidate transaction the packer measures.
  const sender = agentPda(r.sender);
  const accounts: Record<string, PublicKey> =
    ready.op === "send_direct"
      ? { sender, recipient: agentPda(ready.record.recipient) }
      : {
          sender,
          channel: channelPdaOfId(ready.record.channel),
          membership: membershipPda(ready.record.channel, r.sender),
        };
  const name = ready.op === "send_direct" ? "send_message" : "post_to_channel";
  const build = (payer: PublicKey) => podInstruction(name, args, { ...common, ...accounts, payer });
  return {
    type: "plan",
    plan: {
      kind: "instruction",
      build,
      memo: memoEntryOf(r),
      createdAccountBytes: [ACCOUNT_BYTES.message],
      target: message,
    },
  };
}

export function planMarkMessage(ready: ReadyPayloadOf<"mark_message">, ctx: PlanContext): Planned {
  const r = ready.record;
  const message = messagePda(r.body.message);
  const name = r.body.status === "read" ? "mark_read" : "mark_delivered";
  const args = { commitment: commitmentBytes(ready.commitment) };
  return {
    type: "plan",
    plan: {
      kind: "instruction",
      build: () =>
        podInstruction(name, args, {
          authority: ctx.authority,
          protocol: PROTOCOL,
          message,
        }),
      createdAccountBytes: [],
      target: message,
    },
  };
}
