import type { PublicKey } from "@solana/web3.js";
import type { ChainState, ProtocolState } from "../chain-state.js";

/** What mapping a record to an instruction may consult. */
export interface PlanContext {
  chain: ChainState;
  authority: PublicKey;
  protocol: ProtocolState;
  now: number;
}
