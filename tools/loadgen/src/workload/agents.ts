import { channelId, generateKeypair, type Keypair } from "@pod/protocol";

/** One simulated agent: its key and what it has become part of during the run. */
export interface Agent {
  keypair: Keypair;
  address: string;
  /** Channels (ids) whose join this agent saw confirmed. */
  channels: string[];
}

/** A channel the run creates. */
export interface Channel {
  name: string;
  id: string;
  creator: Agent;
}

export function makeAgents(count: number): Agent[] {
  return Array.from({ length: count }, () => {
    const keypair = generateKeypair();
    return { keypair, address: keypair.address, channels: [] };
  });
}

/** Channel names unique to this run (a channel's address follows from its name alone). */
export function makeChannels(runId: string, count: number, creators: Agent[]): Channel[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `loadgen-${runId}-${i}`;
    return { name, id: channelId(name), creator: creators[i % creators.length] as Agent };
  });
}

/** The channels agent `index` joins: `perAgent` of them, spread so every channel fills. */
export function channelsToJoin<T>(index: number, channels: readonly T[], perAgent: number): T[] {
  const n = Math.min(perAgent, channels.length);
  return Array.from({ length: n }, (_, j) => channels[(index + j) % channels.length] as T);
}
