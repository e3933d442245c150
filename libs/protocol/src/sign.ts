import { canonicalRequestBytes } from "./canonical.js";
import { fromBase58, toBase58 } from "./encoding.js";
import { signBytes, verifyBytes } from "./ed25519.js";
import { BadSignatureError, InvalidKeyError } from "./errors.js";
import { verifyInvite } from "./invite.js";
import type { Keypair } from "./keys.js";
import { errorFromZod } from "./schema-errors.js";
import { requestSchema, type RequestOf, type SignedRequest } from "./schemas/request.js";
import type { BodyOf, UnsignedRequest } from "./schemas/request.js";
import type { Operation } from "./subjects.js";
import { newRequestId } from "./ids.js";
import { PROTOCOL_VERSION } from "./limits.js";

/**
 * Signs a request with `keypair` and returns the validated signed envelope. `agent` defaults to
 * the keypair's address; a different one throws InvalidKeyError, an invalid request the error
 * parseRequest would raise for it.
 */
export function signRequest<U extends UnsignedRequest>(
  unsigned: U,
  keypair: Keypair,
): RequestOf<U["op"]> {
  const agent = unsigned.agent ?? keypair.address;
  if (agent !== keypair.address) {
    throw new InvalidKeyError(`request agent ${agent} is not the signing key ${keypair.address}`, {
      details: { agent, signer: keypair.address },
    });
  }
  const { sig: _ignored, ...fields } = unsigned as U & { sig?: unknown };
  const withAgent = { ...fields, agent };
  const sig = toBase58(signBytes(canonicalRequestBytes(withAgent), keypair));
  const parsed = requestSchema.safeParse({ ...withAgent, sig });
  if (!parsed.success) throw errorFromZod(parsed.error);
  return parsed.data as RequestOf<U["op"]>;
}

/**
 * Signs a new request of `op` with `body` as `keypair`'s agent: a fresh UUIDv7 id and the
 * current time unless `id` or `ts` is given.
 */
export function signNewRequest<Op extends Operation>(
  keypair: Keypair,
  op: Op,
  body: BodyOf<Op>,
  opts: { id?: string; ts?: number } = {},
): RequestOf<Op> {
  const unsigned = {
    v: PROTOCOL_VERSION,
    id: opts.id ?? newRequestId(),
    op,
    ts: opts.ts ?? Date.now(),
    body,
  } as unknown as UnsignedRequest<Op>;
  return signRequest(unsigned, keypair) as unknown as RequestOf<Op>;
}

function checkSignature(
  request: { agent: string; sig: string; id: string },
  bytes: Uint8Array,
  field: string,
): void {
  const publicKey = fromBase58(request.agent);
  const sig = fromBase58(request.sig);
  const details = { agent: request.agent, requestId: request.id };
  if (publicKey === undefined || sig === undefined) {
    throw new BadSignatureError(field, "agent or sig is not base58", { details });
  }
  if (!verifyBytes(bytes, sig, publicKey)) {
    throw new BadSignatureError(field, `signature does not verify for agent ${request.agent}`, {
      details,
    });
  }
}

/**
 * Returns normally when the request's signature, and every signature it carries (batch
 * registrations, a channel invite), verify; otherwise throws BadSignatureError naming the
 * field.
 */
export function verifyRequest(request: SignedRequest): void {
  checkSignature(request, canonicalRequestBytes(request), "sig");
  if (request.op === "register_agents") {
    request.body.registrations.forEach((entry, index) => {
      checkSignature(entry, canonicalRequestBytes(entry), `body.registrations[${index}].sig`);
    });
  }
  if (request.op === "join_channel" && request.body.invite !== undefined) {
    verifyInvite(request.body.invite, request.body.channel, request.agent);
  }
}
