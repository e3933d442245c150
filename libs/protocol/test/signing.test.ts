import { describe, expect, it } from "vitest";
import {
  BadSignatureError,
  InvalidKeyError,
  OPERATIONS,
  SignatureError,
  canonicalRequestBytes,
  fromBase58,
  verifyBytes,
  signBytes,
  toBase58,
  signInvite,
  signRequest,
  verifyRequest,
  type RequestOf,
  type SignedRequest,
} from "../src/index.js";
import { alice, bob, carol, exampleRequest, general, T0 } from "./examples.js";

function signatureError(request: SignedRequest): BadSignatureError {
  try {
    verifyRequest(request);
  } catch (error) {
    if (error instanceof BadSignatureError) return error;
    throw error;
  }
  throw new Error("verifyRequest accepted the request");
}

/** Reverses the key order of every object, recursively. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([k, v]) => [k, reversedKeys(v)]));
}

describe("signing", () => {
  for (const op of OPERATIONS) {
    it(`signing - a signed ${op} request verifies`, () => {
      expect(() => verifyRequest(exampleRequest(op))).not.toThrow();
    });
  }

  it("signing - canonical encoding is independent of key order", () => {
    const request = exampleRequest("send_direct");
    const shuffled = reversedKeys(request) as SignedRequest;
    expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(request));
    expect(canonicalRequestBytes(shuffled)).toEqual(canonicalRequestBytes(request));
    expect(() => verifyRequest(shuffled)).not.toThrow();
  });

  it("signing - the sig field is not part of the canonical bytes", () => {
    const request = exampleRequest("update_agent");
    const { sig: _sig, ...unsigned } = request;
    expect(canonicalRequestBytes(request)).toEqual(canonicalRequestBytes(unsigned));
  });

  it("signing - a tampered field gives BadSignatureError", () => {
    const request = exampleRequest("send_direct") as RequestOf<"send_direct">;
    const tampered: SignedRequest[] = [
      { ...request, ts: request.ts + 1 },
      { ...request, id: "another-request-0001" },
      { ...request, body: { ...request.body, to: carol.address } },
      { ...request, body: { ...request.body, content: { text: "hello mallory" } } },
      { ...request, agent: bob.address },
    ];
    for (const t of tampered) {
      const error = signatureError(t);
      expect(error.code).toBe("BAD_SIGNATURE");
      expect(error.field).toBe("sig");
    }
  });

  it("signing - SignatureError is the BadSignatureError class", () => {
    const request = exampleRequest("leave_channel");
    expect(() => verifyRequest({ ...request, ts: request.ts + 1 })).toThrow(SignatureError);
  });

  it("signing - a batch entry not signed by its agent fails on that entry", () => {
    const batch = exampleRequest("register_agents") as RequestOf<"register_agents">;
    const [first, second] = batch.body.registrations;
    const forged = { ...second!, body: { ...second!.body, capabilities: "255" } };
    // The relayer re-signs the batch, but cannot re-sign carol's registration.
    const resigned = signRequest({ ...batch, body: { registrations: [first!, forged] } }, alice);
    expect(signatureError(resigned).field).toBe("body.registrations[1].sig");
  });

  it("signing - an invite for another agent gives BadSignatureError on the invite", () => {
    const invite = signInvite(general, carol.address, T0 + 60_000, alice);
    const request = signRequest(
      {
        v: 1,
        id: "join-with-carols-inv",
        op: "join_channel",
        ts: T0,
        body: { channel: general, invite },
      },
      bob,
    );
    expect(signatureError(request).field).toBe("body.invite.sig");
  });

  it("signing - signRequest refuses an agent that is not the signing key", () => {
    expect(() =>
      signRequest(
        {
          v: 1,
          id: "mismatched-agent-01",
          op: "update_agent",
          agent: bob.address,
          ts: T0,
          body: { capabilities: "1" },
        },
        alice,
      ),
    ).toThrow(InvalidKeyError);
  });

  it("signing - signRequest refuses to sign an invalid request", () => {
    expect(() =>
      signRequest({ v: 1, id: "invalid-body-000001", op: "update_agent", ts: T0, body: {} }, alice),
    ).toThrow(expect.objectContaining({ code: "SCHEMA_INVALID" }));
  });

  it("signing - a signature made for another domain does not verify", () => {
    const request = exampleRequest("update_agent");
    const { sig: _sig, ...unsigned } = request;
    const plainJcs = new TextEncoder().encode(
      new TextDecoder().decode(canonicalRequestBytes(unsigned)).slice("pod.request.v1\n".length),
    );
    const undomained = { ...request, sig: toBase58(signBytes(plainJcs, alice)) };
    expect(signatureError(undomained).code).toBe("BAD_SIGNATURE");
  });
});

describe("signature strictness", () => {
  it("signing - a signature with S + L (same math, other spelling) is refused", () => {
    const request = exampleRequest("update_agent");
    const sig = fromBase58(request.sig)!;
    const L = (1n << 252n) + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(sig[i]!);
    let bumped = s + L;
    const respelled = new Uint8Array(sig);
    for (let i = 32; i < 64; i++) {
      respelled[i] = Number(bumped & 0xffn);
      bumped >>= 8n;
    }
    expect(verifyBytes(canonicalRequestBytes(request), sig, alice.publicKey)).toBe(true);
    expect(verifyBytes(canonicalRequestBytes(request), respelled, alice.publicKey)).toBe(false);
  });

  it("signing - a public key that is not a curve point fails verification, not the process", () => {
    const request = exampleRequest("update_agent");
    const notAPoint = new Uint8Array(32).fill(0xff);
    const sig = fromBase58(request.sig)!;
    expect(verifyBytes(canonicalRequestBytes(request), sig, notAPoint)).toBe(false);
  });
});
