import {
  ComputeBudgetProgram,
  Keypair,
  PublicKey,
  SystemProgram,
  Transaction,
} from "@solana/web3.js";
import type { AccountState } from "./accounts.js";
import type { ExecutionResult } from "./result.js";

interface Chain {
  setAccount(address: string, state: AccountState): void;
  latestBlockhash(): { blockhash: string };
  execute(bytes: Uint8Array): ExecutionResult;
}

const SYSTEM_PROGRAM = "11111111111111111111111111111111";

/** A funded keypair that airdrops through real, signed transfers. */
export class Faucet {
  private readonly keypair = Keypair.generate();
  private counter = 0;

  constructor(
    private readonly chain: Chain,
    lamports: bigint,
  ) {
    chain.setAccount(this.keypair.publicKey.toBase58(), {
      lamports,
      data: new Uint8Array(0),
      owner: SYSTEM_PROGRAM,
      executable: false,
      rentEpoch: 0n,
    });
  }

  get address(): string {
    return this.keypair.publicKey.toBase58();
  }

  send(to: string, lamports: bigint): ExecutionResult {
    // Equal airdrops under one blockhash would be the same transaction (refused as already
    // processed); a varying compute-unit limit makes each one distinct.
    this.counter = (this.counter + 1) % 1_000_000;
    const tx = new Transaction({
      feePayer: this.keypair.publicKey,
      recentBlockhash: this.chain.latestBlockhash().blockhash,
    }).add(
      ComputeBudgetProgram.setComputeUnitLimit({ units: 10_000 + this.counter }),
      SystemProgram.transfer({
        fromPubkey: this.keypair.publicKey,
        toPubkey: new PublicKey(to),
        lamports,
      }),
    );
    tx.sign(this.keypair);
    return this.chain.execute(tx.serialize());
  }
}
