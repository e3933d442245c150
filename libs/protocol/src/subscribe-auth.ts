import { domainSeparatedBytes, SUBSCRIBE_SIGNING_DOMAIN } from "./canonical.js";
import { fromBase58, toBase58 } from "./encoding.js";
import { signBytes, verifyBytes } from "./ed25519.js";
import type { Keypair } from "./keys.js";

/**
 * The bytes an agent signs to answer a subscription challenge:
 * utf8("pod.subscribe.v1\n") + JCS({ agent, nonce, audience }). `audience` names the
 * service (its public URL or "pod-subscription"), so an answer given to one deployment
 * cannot be replayed against another; the nonce is single-use and expires.
 */
export function challengeAnswerBytes(agent: string, nonce: string, audience: string): Uint8Array {
  return domainSeparatedBytes(SUBSCRIBE_SIGNING_DOMAIN, { agent, nonce, audience });
}

/** The agent's answer to `nonce`, base58. */
export function signChallenge(keypair: Keypair, nonce: string, audience: string): string {
  return toBase58(signBytes(challengeAnswerBytes(keypair.address, nonce, audience), keypair));
}

/** True when `signature` (base58) is `agent`'s answer to `nonce` for `audience`. */
export function verifyChallenge(
  agent: string,
  nonce: string,
  audience: string,
  signature: string,
): boolean {
  const key = fromBase58(agent);
  const sig = fromBase58(signature);
  if (key?.length !== 32 || sig?.length !== 64) return false;
  return verifyBytes(challengeAnswerBytes(agent, nonce, audience), sig, key);
}
