import type { LocalChain } from "../chain/chain.js";
import { minContextSlotNotReached } from "./errors.js";

/** The node's reported version: the runtime is LiteSVM, named in a semver pre-release tag. */
export const NODE_VERSION = "2.3.0-litesvm.1.5.0";

export interface RpcContext {
  chain: LocalChain;
}

export type Handler = (params: unknown, ctx: RpcContext) => unknown;

/** The `context` object of a validator's `{ context, value }` responses. */
export function contextOf(ctx: RpcContext): { slot: bigint; apiVersion: string } {
  return { slot: ctx.chain.slot, apiVersion: "2.3.0" };
}

export function checkMinContextSlot(ctx: RpcContext, minContextSlot: number | undefined): void {
  if (minContextSlot !== undefined && BigInt(minContextSlot) > ctx.chain.slot) {
    throw minContextSlotNotReached(ctx.chain.slot);
  }
}
