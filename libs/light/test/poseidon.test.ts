import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BN254_MODULUS, LightInputError, lightHasher, poseidon } from "../src/index.js";

function fieldElement(): Uint8Array {
  const bytes = randomBytes(32);
  bytes[0] = (bytes[0] as number) & 0x1f; // below 2^253 < modulus
  return bytes;
}

describe("poseidon", () => {
  it("agrees with Light's hasher.rs for 2 to 7 inputs", async () => {
    const reference = await lightHasher();
    for (let arity = 2; arity <= 7; arity++) {
      for (let round = 0; round < 5; round++) {
        const inputs = Array.from({ length: arity }, fieldElement);
        const decimal = inputs.map((b) => BigInt("0x" + Buffer.from(b).toString("hex")).toString());
        expect(Buffer.from(poseidon(inputs)).toString("hex")).toBe(
          Buffer.from(reference.poseidonHash(decimal)).toString("hex"),
        );
      }
    }
  });

  it("gives circomlib's known value for [1, 2]", () => {
    const one = new Uint8Array(32);
    one[31] = 1;
    const two = new Uint8Array(32);
    two[31] = 2;
    expect(Buffer.from(poseidon([one, two])).toString("hex")).toBe(
      "115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a",
    );
  });

  it("refuses inputs outside the field and unsupported arities", () => {
    const modulus = Buffer.from(BN254_MODULUS.toString(16).padStart(64, "0"), "hex");
    expect(() => poseidon([modulus, fieldElement()])).toThrow(LightInputError);
    expect(() => poseidon([fieldElement()])).toThrow(/2 to 7/);
    expect(() => poseidon(Array.from({ length: 8 }, fieldElement))).toThrow(/2 to 7/);
  });
});
