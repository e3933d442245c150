import { coder, pdas } from "@pod/program";
import { Connection } from "@solana/web3.js";

/** The protocol's limits as the chain holds them, or undefined when they cannot be read. */
export async function protocolLimits(
  rpcUrl: string,
): Promise<{ maxChannelParticipants: number; maxTtlSecs: number } | undefined> {
  try {
    const info = await new Connection(rpcUrl, "confirmed").getAccountInfo(pdas.protocol());
    if (info === null) return undefined;
    const protocol = coder.accounts.decode("Protocol", info.data) as {
      limits: { max_channel_participants: number; max_ttl_secs: number };
    };
    return {
      maxChannelParticipants: protocol.limits.max_channel_participants,
      maxTtlSecs: protocol.limits.max_ttl_secs,
    };
  } catch {
    return undefined;
  }
}
