import { WasmFactory, type LightWasm } from "@lightprotocol/hasher.rs";
import { poseidon2 } from "poseidon-lite/poseidon2";
import { poseidon3 } from "poseidon-lite/poseidon3";
import { poseidon4 } from "poseidon-lite/poseidon4";
import { poseidon5 } from "poseidon-lite/poseidon5";
import { poseidon6 } from "poseidon-lite/poseidon6";
import { poseidon7 } from "poseidon-lite/poseidon7";
import { LightInputError } from "./errors.js";
import { BN254_MODULUS, beToBigInt, bigIntToBe } from "./field.js";

type Poseidon = (inputs: bigint[]) => bigint;

// Light's Poseidon is circom's (BN254, x^5, circomlib constants), which poseidon-lite
// implements in plain JS: synchronous (no WASM to load first) and as fast as hasher.rs's
// WASM in this package's benchmark. The tests check the two agree.
const BY_ARITY: Record<number, Poseidon> = {
  2: poseidon2,
  3: poseidon3,
  4: poseidon4,
  5: poseidon5,
  6: poseidon6,
  7: poseidon7,
};

/** Poseidon over 2 to 7 big-endian field elements, as Light's on-chain `Poseidon::hashv`. */
export function poseidon(inputs: readonly Uint8Array[]): Uint8Array {
  const hash = BY_ARITY[inputs.length];
  if (!hash) throw new LightInputError("poseidon inputs", `${inputs.length} (2 to 7 supported)`);
  return bigIntToBe(hash(inputs.map(toField)));
}

/** Poseidon over field elements given as bigints. */
export function poseidonBigInt(inputs: readonly bigint[]): bigint {
  const hash = BY_ARITY[inputs.length];
  if (!hash) throw new LightInputError("poseidon inputs", `${inputs.length} (2 to 7 supported)`);
  return hash([...inputs]);
}

function toField(bytes: Uint8Array): bigint {
  const n = beToBigInt(bytes);
  if (n >= BN254_MODULUS) throw new LightInputError("poseidon input", "not below the modulus");
  return n;
}

let reference: Promise<LightWasm> | undefined;

/** hasher.rs, Light's own Poseidon build, loaded once: the reference the tests compare with. */
export function lightHasher(): Promise<LightWasm> {
  reference ??= WasmFactory.getInstance();
  return reference;
}
