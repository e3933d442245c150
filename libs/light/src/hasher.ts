import { WasmFactory, type LightWasm } from "@lightprotocol/hasher.rs";
import { beToBigInt } from "./field.js";

let instance: Promise<LightWasm> | undefined;

/** Light's Poseidon (BN254, circom parameters) from hasher.rs; loaded once per process. */
export function lightHasher(): Promise<LightWasm> {
  instance ??= WasmFactory.getInstance();
  return instance;
}

/** Poseidon over big-endian field elements, as Light's on-chain `Poseidon::hashv`. */
export function poseidon(hasher: LightWasm, inputs: readonly Uint8Array[]): Uint8Array {
  return hasher.poseidonHash(inputs.map((i) => beToBigInt(i).toString(10)));
}
