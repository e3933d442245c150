import { canonicalRequestBytes } from "./canonical.js";
import { fromBase58, sha256Of, toHex } from "./encoding.js";
import { BadSignatureError } from "./errors.js";

/**
 * sha256(agent signature || canonical request bytes), lowercase hex: the commitment (or, for
 * compressed records, the envelope hash) the program stores for a request. With the envelope,
 * anyone recomputes it and checks the ed25519 signature, so a relayer cannot forge authorship.
 */
export function commitmentOf(request: { agent: string; id: string; sig: string }): string {
  const sig = fromBase58(request.sig);
  if (sig === undefined) {
    throw new BadSignatureError("sig", "sig is not base58", {
      details: { agent: request.agent, requestId: request.id },
    });
  }
  return toHex(sha256Of(sig, canonicalRequestBytes(request)));
}
