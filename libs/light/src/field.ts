/** The BN254 scalar field modulus: Poseidon inputs and outputs live below it. */
export const BN254_MODULUS =
  21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** A big-endian byte string read as an unsigned integer. */
export function beToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/** The unsigned integer as exactly `length` big-endian bytes. */
export function bigIntToBe(n: bigint, length = 32): Uint8Array {
  const out = new Uint8Array(length);
  let v = n;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new RangeError(`value does not fit in ${length} bytes`);
  return out;
}

/** Whether 32 big-endian bytes are a BN254 field element. */
export function isBn254FieldElement(bytes: Uint8Array): boolean {
  return beToBigInt(bytes) < BN254_MODULUS;
}
