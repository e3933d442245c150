import { connectBus, type Bus } from "@pod/bus";
import { STREAMS, generateKeypair, type Keypair } from "@pod/protocol";
import { PodClient } from "@pod/sdk";
import { startStack, type Stack, type StackOptions } from "@pod/stack";
import { ChainReader } from "./chain.js";

/** The write path only: the services that carry a request from an agent to the chain. */
export const WRITE_PATH = ["ingest", "compression", "ipfs-storage", "tx-bundler"] as const;

/** One real stack per test file, an observer connection, a chain reader, the agents' clients. */
export interface WritePath {
  stack: Stack;
  bus: Bus;
  chain: ChainReader;
  /** A connected client for a fresh (or given) key; closed by stop(). */
  client(keypair?: Keypair): Promise<PodClient>;
  /** A client whose register_agent is confirmed on chain. */
  registered(keypair?: Keypair): Promise<PodClient>;
  stop(): Promise<void>;
}

export async function startWritePath(options: StackOptions = {}): Promise<WritePath> {
  const stack = await startStack({
    services: Object.fromEntries(WRITE_PATH.map((s) => [s, 1])),
    ...options,
    env: { LOG_LEVEL: "warn", ...options.env },
  });
  const bus = await connectBus({ servers: stack.natsUrl, name: "write-path-test" });
  const chain = new ChainReader(stack.rpcUrl);
  const clients: PodClient[] = [];
  const client = async (keypair: Keypair = generateKeypair()) => {
    const c = await PodClient.connect({
      natsUrl: stack.natsUrl,
      keypair,
      // Generous: a verdict can wait for a restarted ingest on a busy two-core machine.
      verdictTimeoutMs: 60_000,
      confirmTimeoutMs: 120_000,
    });
    clients.push(c);
    return c;
  };
  return {
    stack,
    bus,
    chain,
    client,
    async registered(keypair) {
      const c = await client(keypair);
      await c.submitAndConfirm("register_agent", {
        capabilities: "3",
        metadataUri: `https://agents.example/${c.agent.slice(0, 8)}`,
      });
      return c;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.close()));
      await bus.close();
      await stack.stop();
    },
  };
}

/** Sequence of the last message ever stored in a stream (work-queue deletes do not lower it). */
export async function lastSeq(bus: Bus, stream: keyof typeof STREAMS): Promise<number> {
  return (await bus.jsm.streams.info(STREAMS[stream].name)).state.last_seq;
}

/** Messages currently stored on one subject (or subject filter) of a stream. */
export async function storedOn(
  bus: Bus,
  stream: keyof typeof STREAMS,
  subject: string,
): Promise<number> {
  const info = await bus.jsm.streams.info(STREAMS[stream].name, { subjects_filter: subject });
  return Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
}

/** The text of a service's /metrics. */
export async function metricsOf(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

/** Sum of a Prometheus counter's samples whose labels match `labels` (substring match). */
export function counterValue(text: string, name: string, labels = ""): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+([0-9.e+-]+)/.exec(line);
    if (!m || m[1] !== name || !(m[2] ?? "").includes(labels)) continue;
    sum += Number(m[3]);
  }
  return sum;
}
