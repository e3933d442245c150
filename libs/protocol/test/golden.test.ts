import { readFileSync } from "node:fs";
import nacl from "tweetnacl";
import { describe, expect, it } from "vitest";
import {
  canonicalRequestBytes,
  fromBase58,
  fromHex,
  keypairFromSeed,
  signBytes,
  signRequest,
  toHex,
  verifyRequest,
  type UnsignedRequest,
} from "../src/index.js";

interface GoldenVector {
  seedHex: string;
  publicKey: string;
  request: UnsignedRequest<"send_direct"> & { agent: string };
  canonicalText: string;
  canonicalHex: string;
  signature: string;
}

const vector = JSON.parse(
  readFileSync(new URL("./fixtures/golden-request.json", import.meta.url), "utf8"),
) as GoldenVector;

describe("golden vector", () => {
  it("golden vector - canonical bytes match the committed hex", () => {
    const bytes = canonicalRequestBytes(vector.request);
    expect(toHex(bytes)).toBe(vector.canonicalHex);
    expect(new TextDecoder().decode(bytes)).toBe(vector.canonicalText);
  });

  it("golden vector - canonical bytes are the domain, then sorted compact JSON", () => {
    const text = new TextDecoder().decode(canonicalRequestBytes(vector.request));
    const domain = "pod.request.v1\n";
    expect(text.startsWith(domain)).toBe(true);
    const json = text.slice(domain.length);
    expect(JSON.parse(json)).toEqual(vector.request);
    const topKeys = Object.keys(JSON.parse(json) as object);
    expect(topKeys).toEqual([...topKeys].sort());
    expect(json).not.toMatch(/[{,:] /);
  });

  it("golden vector - the fixed seed gives the committed public key", () => {
    expect(keypairFromSeed(fromHex(vector.seedHex)!).address).toBe(vector.publicKey);
  });

  it("golden vector - signing reproduces the committed signature", () => {
    const signed = signRequest(vector.request, keypairFromSeed(fromHex(vector.seedHex)!));
    expect(signed.sig).toBe(vector.signature);
    expect(() => verifyRequest(signed)).not.toThrow();
  });

  it("golden vector - an independent ed25519 (tweetnacl) verifies the committed signature", () => {
    const ok = nacl.sign.detached.verify(
      fromHex(vector.canonicalHex)!,
      fromBase58(vector.signature)!,
      fromBase58(vector.publicKey)!,
    );
    expect(ok).toBe(true);
  });

  it("golden vector - signBytes reproduces RFC 8032 section 7.1 test 1", () => {
    const keypair = keypairFromSeed(
      fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")!,
    );
    expect(toHex(keypair.publicKey)).toBe(
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
    );
    expect(toHex(signBytes(new Uint8Array(0), keypair))).toBe(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac" +
        "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    );
  });
});
