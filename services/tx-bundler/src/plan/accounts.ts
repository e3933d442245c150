import { fromBase58 } from "@pod/protocol";
import { pdas, PROGRAM_ID } from "@pod/program";
import { PublicKey } from "@solana/web3.js";

/** Account addresses the bundler derives from protocol ids. */
export const key = (address: string) => new PublicKey(address);

// Deriving a PDA costs milliseconds in web3.js (a curve check per bump tried), and packing
// builds many candidate transactions: the fixed ones once, the per-agent ones remembered.
export const PROTOCOL = pdas.protocol();
export const CPI_AUTHORITY = pdas.cpiAuthority();

const AGENT_CACHE_MAX = 50_000;
const agents = new Map<string, PublicKey>();

export function agentPda(agent: string): PublicKey {
  let found = agents.get(agent);
  if (found === undefined) {
    if (agents.size >= AGENT_CACHE_MAX) agents.clear();
    found = pdas.agent(key(agent));
    agents.set(agent, found);
  }
  return found;
}

/** ["channel", bytes of the channel id]: the id is already sha256(name). */
export function channelPdaOfId(channelId: string): PublicKey {
  return PublicKey.findProgramAddressSync(
    [Buffer.from("channel"), Buffer.from(bytes32(channelId))],
    PROGRAM_ID,
  )[0];
}

export const membershipPda = (channelId: string, agent: string) =>
  pdas.membership(channelPdaOfId(channelId), key(agent));

/** ["message", request key bytes]: per-account messages are keyed by their request key. */
export const messagePda = (requestKey: string) => pdas.message(bytes32(requestKey));

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
