import { publicKeyBytes } from "./keys.js";
import { sha256Of, toBase58, utf8Bytes } from "./encoding.js";
import { MAX_REQUEST_ID_LENGTH, MIN_REQUEST_ID_LENGTH } from "./limits.js";

/**
 * Request ids: chosen by the agent, 16..36 characters of the URL-safe alphabet
 * [A-Za-z0-9_-]. A UUIDv7 in its usual 36-character form qualifies, as do 22 characters of
 * base64url over 16 random bytes. An id must never repeat for the same agent; the pipeline
 * identifies a request by (agent, id), condensed into its request key.
 */
export const REQUEST_ID_PATTERN = new RegExp(
  `^[A-Za-z0-9_-]{${MIN_REQUEST_ID_LENGTH},${MAX_REQUEST_ID_LENGTH}}$`,
);

export const REQUEST_KEY_DOMAIN = "pod.request-key.v1\n";

/** A fresh UUIDv7 (time-ordered, 74 random bits): a valid request id. */
export function newRequestId(now: number = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let ms = BigInt(now);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = Number(ms & 0xffn);
    ms >>= 8n;
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Buffer.from(bytes).toString("hex");
  const groups = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20)];
  return `${groups.join("-")}-${hex.slice(20)}`;
}

/** True when `id` follows the request id rule. */
export function isRequestId(id: string): boolean {
  return REQUEST_ID_PATTERN.test(id);
}

/** sha256(utf8("pod.request-key.v1\n") || agent public key (32 bytes) || utf8(id)). */
export function requestKeyBytes(agent: string, id: string): Uint8Array {
  return sha256Of(utf8Bytes(REQUEST_KEY_DOMAIN), publicKeyBytes(agent), utf8Bytes(id));
}

/**
 * The request key in base58: the global identity of a request (ids are only unique per
 * agent), used as the JetStream message id at every hop and as a message's id. Another agent
 * reusing the same id gets a different key, so it cannot squat or suppress the request.
 */
export function requestKey(agent: string, id: string): string {
  return toBase58(requestKeyBytes(agent, id));
}

/** The request key of an envelope. */
export function requestKeyOf(request: { agent: string; id: string }): string {
  return requestKey(request.agent, request.id);
}

/**
 * sha256(utf8(name)): exactly the seed of the channel's account on chain
 * (["channel", sha256(name)]), so names are unique across the protocol and a channel's
 * address follows from its name alone.
 */
export function channelIdBytes(name: string): Uint8Array {
  return sha256Of(utf8Bytes(name));
}

/**
 * A channel's id: base58 of channelIdBytes. Names may be up to 64 bytes, over Solana's 32-byte
 * seed limit, so the program seeds the channel account with their hash instead.
 */
export function channelId(name: string): string {
  return toBase58(channelIdBytes(name));
}
