import {
  inclusionProof,
  recordConfirmedEvent,
  type InclusionProof,
  type RecordConfirmedEvent,
} from "@pod/protocol";
import { SdkError } from "../errors.js";

/** A confirmed message and its inclusion proof, as GET /v1/proof/<requestKey> returns them. */
export interface ProvenMessage {
  event: RecordConfirmedEvent;
  proof: InclusionProof;
}

export type ProofFetchCode = "NOT_FOUND" | "NOT_COMPRESSED" | "PROOF_UNAVAILABLE";

/** The subscription service has no proof for the key (or could not be asked). */
export class ProofFetchError extends SdkError {
  declare readonly code: ProofFetchCode;
  readonly requestKey: string;

  constructor(code: ProofFetchCode, requestKey: string, reason: string, cause?: unknown) {
    super(code, `proof of ${requestKey}: ${reason}`, {
      details: { requestKey },
      ...(cause === undefined ? {} : { cause }),
    });
    this.requestKey = requestKey;
  }
}

/**
 * The inclusion proof of a compressed message from the subscription service (no auth: chain
 * data is public). NOT_FOUND: no such confirmed message; NOT_COMPRESSED: a per-account
 * (storage "direct") message, which has no tree proof.
 */
export async function getProof(
  subscriptionUrl: string,
  requestKey: string,
  opts: { timeoutMs?: number } = {},
): Promise<ProvenMessage> {
  const url = new URL(`/v1/proof/${encodeURIComponent(requestKey)}`, subscriptionUrl);
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
  } catch (cause) {
    throw new ProofFetchError("PROOF_UNAVAILABLE", requestKey, (cause as Error).message, cause);
  }
  const body = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (res.status === 404) throw new ProofFetchError("NOT_FOUND", requestKey, "no such message");
  if (res.status === 409) {
    throw new ProofFetchError("NOT_COMPRESSED", requestKey, "not a compressed message");
  }
  if (res.status !== 200 || !body) {
    const reason = typeof body?.reason === "string" ? body.reason : `HTTP ${res.status}`;
    throw new ProofFetchError("PROOF_UNAVAILABLE", requestKey, reason);
  }
  const event = recordConfirmedEvent.safeParse(body.event);
  const proof = inclusionProof.safeParse(body.proof);
  if (!event.success || !proof.success) {
    throw new ProofFetchError("PROOF_UNAVAILABLE", requestKey, "malformed proof response");
  }
  return { event: event.data, proof: proof.data };
}
