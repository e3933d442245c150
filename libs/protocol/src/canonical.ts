import canonicalize from "canonicalize";
import { CanonicalizationError } from "./errors.js";
import { utf8Bytes } from "./encoding.js";

/** Domain tag in front of every signed request: no other PoD signature can be confused with it. */
export const REQUEST_SIGNING_DOMAIN = "pod.request.v1\n";
/** Domain tag in front of a channel invite. */
export const INVITE_SIGNING_DOMAIN = "pod.invite.v1\n";
/** Domain tag in front of a subscription challenge answer. */
export const SUBSCRIBE_SIGNING_DOMAIN = "pod.subscribe.v1\n";

/** The RFC 8785 (JCS) text of `value`; throws CanonicalizationError when it has none. */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (cause) {
    throw new CanonicalizationError(`value has no canonical JSON form: ${String(cause)}`, {
      cause,
    });
  }
  if (text === undefined) throw new CanonicalizationError("value has no JSON form");
  return text;
}

/** utf8(domain) followed by the UTF-8 of the JCS text of `value`. */
export function domainSeparatedBytes(domain: string, value: unknown): Uint8Array {
  const head = utf8Bytes(domain);
  const body = utf8Bytes(canonicalJson(value));
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

/**
 * The bytes an agent signs: utf8("pod.request.v1\n") + JCS(envelope without `sig`). Key order
 * and number spelling of the input do not matter; a `sig` field, if present, is ignored.
 */
export function canonicalRequestBytes(request: object): Uint8Array {
  const { sig: _sig, ...unsigned } = request as { sig?: unknown };
  return domainSeparatedBytes(REQUEST_SIGNING_DOMAIN, unsigned);
}
