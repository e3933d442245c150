import { domainSeparatedBytes, INVITE_SIGNING_DOMAIN } from "./canonical.js";
import { fromBase58, toBase58 } from "./encoding.js";
import { signBytes, verifyBytes } from "./ed25519.js";
import { BadSignatureError } from "./errors.js";
import type { Keypair } from "./keys.js";
import type { Invite } from "./schemas/operations/channels.js";

/**
 * The bytes an inviter signs:
 * utf8("pod.invite.v1\n") + JCS({ channel, invitee, inviter, expiresAt }).
 */
export function canonicalInviteBytes(
  channel: string,
  invitee: string,
  inviter: string,
  expiresAt: number,
): Uint8Array {
  return domainSeparatedBytes(INVITE_SIGNING_DOMAIN, { channel, invitee, inviter, expiresAt });
}

/** An invite by `keypair` letting `invitee` join `channel` until `expiresAt` (unix ms). */
export function signInvite(
  channel: string,
  invitee: string,
  expiresAt: number,
  keypair: Keypair,
): Invite {
  const bytes = canonicalInviteBytes(channel, invitee, keypair.address, expiresAt);
  return { inviter: keypair.address, expiresAt, sig: toBase58(signBytes(bytes, keypair)) };
}

/**
 * Returns normally when `invite` is the inviter's signature for `invitee` and `channel`, else
 * throws BadSignatureError. Expiry and the inviter's right to invite are checked elsewhere.
 */
export function verifyInvite(invite: Invite, channel: string, invitee: string): void {
  const bytes = canonicalInviteBytes(channel, invitee, invite.inviter, invite.expiresAt);
  const publicKey = fromBase58(invite.inviter);
  const sig = fromBase58(invite.sig);
  const valid = publicKey !== undefined && sig !== undefined && verifyBytes(bytes, sig, publicKey);
  if (!valid) {
    throw new BadSignatureError("body.invite.sig", "invite signature does not verify", {
      details: { inviter: invite.inviter, invitee, channel },
    });
  }
}
