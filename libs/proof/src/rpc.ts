import type { RpcPool } from "@pod/chain";
import { Connection } from "@solana/web3.js";

/** Where the follower and the verifier read the chain: one Connection or a pool of them. */
export type ChainSource = Connection | RpcPool;

/** Runs `fn` on the source's connection (the pool picks a healthy one and fails over). */
export function onChain<T>(
  source: ChainSource,
  what: string,
  fn: (connection: Connection) => Promise<T>,
): Promise<T> {
  return source instanceof Connection ? fn(source) : source.call(what, fn);
}
