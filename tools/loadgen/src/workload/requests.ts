import {
  canonicalRequestBytes,
  newRequestId,
  PROTOCOL_VERSION,
  requestKeyOf,
  requestSchema,
  signBytes,
  signRequest,
  toBase58,
  type BodyOf,
  type Keypair,
  type Operation,
  type SignedRequest,
  type UnsignedRequest,
} from "@pod/protocol";

/** A signed request ready to publish, with the ids the pipeline will know it by. */
export interface PreparedRequest {
  op: Operation;
  request: SignedRequest;
  /** base58 request key: the msgId at ingest and the requestKey of its events. */
  requestKey: string;
  /** The JSON bytes published. */
  bytes: Uint8Array;
}

const encoder = new TextEncoder();
const checked = new Set<Operation>();

/**
 * Signs a request as an agent would: ed25519 over its canonical bytes. The first request of
 * each operation goes through the protocol's `signRequest`, which validates it against the
 * schemas, so a workload the pipeline would refuse fails here at once; the rest skip that
 * validation, which costs five times the signature (ingest validates every one anyway).
 */
export function prepareRequest<Op extends Operation>(
  op: Op,
  agent: Keypair,
  body: BodyOf<Op>,
  ts: number = Date.now(),
): PreparedRequest {
  const fields = { v: PROTOCOL_VERSION, id: newRequestId(ts), op, agent: agent.address, ts, body };
  let request: SignedRequest;
  if (!checked.has(op)) {
    request = signRequest(fields as unknown as UnsignedRequest, agent);
    requestSchema.parse(request);
    checked.add(op);
  } else {
    const sig = toBase58(signBytes(canonicalRequestBytes(fields), agent));
    request = { ...fields, sig } as SignedRequest;
  }
  return {
    op,
    request,
    requestKey: requestKeyOf(request),
    bytes: encoder.encode(JSON.stringify(request)),
  };
}
