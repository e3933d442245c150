import type { Keypair } from "@solana/web3.js";
import { CHAIN_ERROR_CODES, ChainError } from "./errors.js";

/**
 * Fee payers used least-recently-first, so no single payer is a write-lock hot spot: every
 * transaction write-locks its fee payer, and transactions sharing one serialize in a block.
 */
export class FeePayers {
  private readonly keypairs: Keypair[];
  private readonly order: Keypair[];

  constructor(keypairs: Keypair[]) {
    if (keypairs.length === 0) {
      throw new ChainError(CHAIN_ERROR_CODES.configInvalid, "FeePayers needs at least one keypair");
    }
    this.keypairs = [...keypairs];
    // Front = least recently used; next() moves it to the back.
    this.order = [...keypairs];
  }

  next(): Keypair {
    const keypair = this.order.shift() as Keypair;
    this.order.push(keypair);
    return keypair;
  }

  all(): Keypair[] {
    return [...this.keypairs];
  }
}
