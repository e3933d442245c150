import { z } from "zod";
import { recordConfirmedEvent } from "./events.js";
import {
  base64,
  channelRef,
  publicKey,
  sha256Hex,
  signature,
  u64String,
  version,
} from "./fields.js";
import { content } from "./operations/messages.js";

/**
 * What the subscription service pushes to an agent, and how an agent proves that a pushed
 * compressed message is on chain. The subscription wire protocol (challenge, auth, cursors,
 * close reasons) is described in services/subscription/README.md; these are its payloads.
 */

const hex32 = sha256Hex;
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * A compressed message's path into a Light V1 state tree: the compressed account as Light
 * hashed it, its leaf index and the siblings up to `root`. A verifier recomputes the leaf from
 * `account`, climbs `siblings` and looks for the root in the tree account's root history on
 * chain; it also checks that `account.data` is the record carrying the message's commitment.
 */
export const inclusionProof = z.strictObject({
  /** The state tree account (base58). */
  tree: publicKey,
  leafIndex: count,
  account: z.strictObject({
    owner: publicKey,
    lamports: u64String,
    /** The compressed account's 8-byte discriminator, hex. */
    discriminator: z.string().regex(/^[0-9a-f]{16}$/, "must be 16 lowercase hex digits"),
    /** The account data as the program wrote it, base64. */
    data: base64(64 * 1024),
    /** The data hash the program computed and Light hashed into the leaf, hex. */
    dataHash: hex32,
  }),
  /** The leaf hash, hex. */
  leaf: hex32,
  /** One sibling per level, bottom first, hex. */
  siblings: z.array(hex32).min(1).max(64),
  /** The root the siblings lead to, hex. */
  root: hex32,
  /** The transaction that appended the leaf, and its slot. */
  signature,
  slot: count,
});

/** A cursor: opaque to clients; today the POD_EVENTS sequence of the confirmed event. */
export const cursor = z.string().regex(/^[0-9]{1,20}$/, "must be a decimal sequence number");

const messageOps = new Set(["send_direct", "post_channel"]);

/** One message pushed to an agent. */
export const deliveredMessage = z
  .strictObject({
    v: version,
    /** Reconnect with this to get everything after this message. */
    cursor,
    /** The confirmed event of the message (op send_direct or post_channel). */
    event: recordConfirmedEvent,
    /**
     * The content, when the record carries it (inline or compressed classes with content in
     * the record); absent when it lives in IPFS under `event.record.cid`.
     */
    content: content.optional(),
    /** For compressed messages, when the service could build it. */
    proof: inclusionProof.optional(),
  })
  .superRefine((m, ctx) => {
    if (!messageOps.has(m.event.op)) {
      ctx.addIssue({
        code: "custom",
        message: "must be a send_direct or post_channel confirmation",
        path: ["event", "op"],
        params: { rule: "message_op" },
      });
    }
  });

/** What an agent may narrow its subscription to (all absent: everything it may see). */
export const subscriptionFilter = z.strictObject({
  /** Only messages from these senders. */
  senders: z.array(publicKey).max(256).optional(),
  /** Only these channels (channel ids); direct messages still come unless `kinds` excludes them. */
  channels: z.array(channelRef).max(256).optional(),
  kinds: z
    .array(z.enum(["direct", "channel"]))
    .min(1)
    .max(2)
    .optional(),
});

export type InclusionProof = z.infer<typeof inclusionProof>;
export type DeliveredMessage = z.infer<typeof deliveredMessage>;
export type SubscriptionFilter = z.infer<typeof subscriptionFilter>;
export type Cursor = z.infer<typeof cursor>;
