import { z } from "zod";
import {
  MAX_CHANNEL_DESCRIPTION_BYTES,
  MAX_CHANNEL_NAME_BYTES,
  MAX_CHANNEL_PARTICIPANTS,
  MIN_CHANNEL_NAME_BYTES,
  MIN_CHANNEL_PARTICIPANTS,
} from "../../limits.js";
import { channelRef, publicKey, signature, text, unixMs } from "../fields.js";

/** Channel bodies. A channel is named by its id, derived from creator and name (channelId). */

export const CHANNEL_VISIBILITIES = ["public", "invite_only"] as const;

export const channelName = text({
  minBytes: MIN_CHANNEL_NAME_BYTES,
  maxBytes: MAX_CHANNEL_NAME_BYTES,
  singleLine: true,
}).refine((s) => s === s.normalize("NFC"), {
  // One spelling per name: otherwise two look-alike names would give two channel ids.
  message: "must be in Unicode NFC form",
  params: { rule: "nfc" },
});

export const createChannelBody = z.strictObject({
  name: channelName,
  visibility: z.enum(CHANNEL_VISIBILITIES),
  maxParticipants: z.number().int().min(MIN_CHANNEL_PARTICIPANTS).max(MAX_CHANNEL_PARTICIPANTS),
  description: text({ maxBytes: MAX_CHANNEL_DESCRIPTION_BYTES }).optional(),
});

/**
 * Permission to join an invite-only channel: `inviter` signs
 * utf8("pod.invite.v1\n") + JCS({ channel, invitee, inviter, expiresAt }) (see signInvite).
 */
export const invite = z.strictObject({
  inviter: publicKey,
  expiresAt: unixMs,
  sig: signature,
});

export const joinChannelBody = z.strictObject({
  channel: channelRef,
  invite: invite.optional(),
});

export const leaveChannelBody = z.strictObject({
  channel: channelRef,
});

export type ChannelVisibility = (typeof CHANNEL_VISIBILITIES)[number];
export type CreateChannelBody = z.infer<typeof createChannelBody>;
export type Invite = z.infer<typeof invite>;
export type JoinChannelBody = z.infer<typeof joinChannelBody>;
export type LeaveChannelBody = z.infer<typeof leaveChannelBody>;
