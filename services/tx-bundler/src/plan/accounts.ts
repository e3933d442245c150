import { fromBase58 } from "@pod/protocol";
import { pdas, PROGRAM_ID } from "@pod/program";
import { PublicKey } from "@solana/web3.js";
import { LRUCache } from "lru-cache";

/** Account addresses the bundler derives from protocol ids. */
export const key = (address: string) => new PublicKey(address);

// Deriving a PDA costs milliseconds in web3.js (a curve point decompression per bump tried),
// and lock keys, plans and packing ask for the same few addresses over and over (a burst of
// joins to one channel derives that channel once per record). Every derivation is remembered
// in a bounded LRU, so a hot address costs one derivation per process.
export const PROTOCOL = pdas.protocol();
export const CPI_AUTHORITY = pdas.cpiAuthority();

/** Addresses remembered per kind; an entry is ~200 bytes, so 50k of each is ~10 MB at most. */
const PDA_CACHE_MAX = 50_000;

function memoized(derive: (id: string) => PublicKey): (id: string) => PublicKey {
  const cache = new LRUCache<string, PublicKey>({ max: PDA_CACHE_MAX });
  return (id) => {
    let found = cache.get(id);
    if (found === undefined) {
      found = derive(id);
      cache.set(id, found);
    }
    return found;
  };
}

export const agentPda = memoized((agent) => pdas.agent(key(agent)));

/** ["channel", bytes of the channel id]: the id is already sha256(name). */
export const channelPdaOfId = memoized(
  (channelId) =>
    PublicKey.findProgramAddressSync(
      [Buffer.from("channel"), Buffer.from(bytes32(channelId))],
      PROGRAM_ID,
    )[0],
);

const memberships = memoized((pair) => {
  const [channelId, agent] = pair.split(":") as [string, string];
  return pdas.membership(channelPdaOfId(channelId), key(agent));
});

export const membershipPda = (channelId: string, agent: string) =>
  memberships(`${channelId}:${agent}`);

/** ["message", request key bytes]: per-account messages are keyed by their request key. */
export const messagePda = memoized((requestKey) => pdas.message(bytes32(requestKey)));

export function bytes32(base58: string): Uint8Array {
  const bytes = fromBase58(base58);
  if (bytes === undefined || bytes.length !== 32) {
    throw new TypeError(`${base58} is not base58 of 32 bytes`);
  }
  return bytes;
}

/** Account data sizes (with the discriminator), for rent. */
export const ACCOUNT_BYTES = {
  agent: 261,
  channel: 191,
  membership: 113,
  message: 289,
} as const;
