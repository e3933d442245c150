import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  InvalidKeyError,
  channelId,
  channelIdBytes,
  fromBase58,
  fromBase64,
  isBase58OfLength,
  generateKeypair,
  isRequestId,
  keypairFromSecretKey,
  newRequestId,
  parseKeypairFile,
  requestKey,
  sha256Of,
  toBase58,
  utf8Bytes,
} from "../src/index.js";
import { alice, bob } from "./examples.js";

describe("ids and keys", () => {
  it("ids - newRequestId gives a valid, time-ordered UUIDv7", () => {
    const a = newRequestId(1_000);
    const b = newRequestId(2_000);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(isRequestId(a)).toBe(true);
    expect(a < b).toBe(true);
    expect(a.slice(0, 13)).toBe("00000000-03e8");
    expect(newRequestId(1_000)).not.toBe(a);
  });

  it("ids - the request key depends on agent and id, per the documented formula", () => {
    const id = "same-id-for-both-01";
    expect(requestKey(alice.address, id)).not.toBe(requestKey(bob.address, id));
    const expected = sha256Of(utf8Bytes("pod.request-key.v1\n"), alice.publicKey, utf8Bytes(id));
    expect(requestKey(alice.address, id)).toBe(toBase58(expected));
  });

  it("ids - the channel id is base58 of sha256(name), the seed of the channel's account", () => {
    const name = "a channel name that is longer than thirty-two bytes";
    const bytes = channelIdBytes(name);
    expect(bytes.length).toBe(32);
    expect(Buffer.from(bytes)).toEqual(createHash("sha256").update(name, "utf8").digest());
    expect(fromBase58(channelId(name))).toEqual(bytes);
    expect(channelId("general")).not.toBe(channelId("General"));
  });

  it("keys - a secret key whose public half does not match its seed is refused", () => {
    const bad = new Uint8Array(alice.secretKey);
    bad.set(bob.publicKey, 32);
    expect(() => keypairFromSecretKey(bad)).toThrow(InvalidKeyError);
  });

  it("keys - malformed keypair files are refused with InvalidKeyError", () => {
    const good = JSON.stringify(Array.from(generateKeypair().secretKey));
    expect(parseKeypairFile(good).publicKey.length).toBe(32);
    for (const text of ["not json", "[1,2,3]", JSON.stringify(Array(64).fill(256)), "{}"]) {
      expect(() => parseKeypairFile(text)).toThrow(InvalidKeyError);
    }
  });

  it("keys - a 32-byte seed is accepted as a secret key", () => {
    expect(keypairFromSecretKey(alice.secretKey.slice(0, 32)).address).toBe(alice.address);
  });
});

describe("encodings", () => {
  it("encodings - base58 length checks accept exact sizes only, leading zeros included", () => {
    const zeros = toBase58(new Uint8Array(32));
    expect(zeros).toBe("1".repeat(32));
    expect(isBase58OfLength(zeros, 32)).toBe(true);
    expect(isBase58OfLength(alice.address, 32)).toBe(true);
    expect(isBase58OfLength(alice.address, 64)).toBe(false);
    expect(isBase58OfLength(`1${alice.address}`, 32)).toBe(false);
    expect(isBase58OfLength("0OIl", 32)).toBe(false);
    expect(isBase58OfLength("z".repeat(1000), 32)).toBe(false);
  });

  it("encodings - base64 must be canonical and padded", () => {
    expect(fromBase64("aGk=")).toEqual(new Uint8Array([0x68, 0x69]));
    for (const bad of ["aGk", "aGl=", "aG k=", "aGk=\n", "a-_="]) {
      expect(fromBase64(bad)).toBeUndefined();
    }
  });
});
