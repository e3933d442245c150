import { resolve } from "node:path";
import { connectBus, type Bus } from "@pod/bus";
import { generateKeypair, STREAMS, subjects, type Keypair } from "@pod/protocol";
import { PodClient } from "@pod/sdk";
import { startStack, type Stack, type StackOptions } from "@pod/stack";
import { startNatsCluster, type NatsCluster } from "@pod/testing";
import { ChainReader } from "../../write-path/support/chain.js";

/** The node template docker-compose.yml runs, rendered here with free local ports. */
export const CLUSTER_CONF = resolve(import.meta.dirname, "../../../infra/nats/cluster.conf");

/** One real stack on a 3-node JetStream cluster, with an observer connection and a chain reader. */
export interface ClusterStack {
  cluster: NatsCluster;
  stack: Stack;
  bus: Bus;
  chain: ChainReader;
  /** A client whose register_agent is confirmed on chain; closed by stop(). */
  registered(keypair?: Keypair): Promise<PodClient>;
  stop(): Promise<void>;
}

export async function startClusterStack(options: StackOptions = {}): Promise<ClusterStack> {
  const cluster = await startNatsCluster({ configPath: CLUSTER_CONF });
  let stack: Stack;
  try {
    stack = await startStack({
      // Several URLs: startStack uses the cluster as given and passes all of them to services.
      natsUrl: cluster.urls.join(","),
      ...options,
      env: { LOG_LEVEL: "warn", NATS_REPLICAS: "3", ...options.env },
    });
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  const bus = await connectBus({ servers: cluster.urls, name: "cluster-test-observer" });
  const chain = new ChainReader(stack.rpcUrl);
  const clients: PodClient[] = [];
  return {
    cluster,
    stack,
    bus,
    chain,
    async registered(keypair: Keypair = generateKeypair()) {
      const client = await PodClient.connect({
        natsUrl: cluster.urls,
        keypair,
        verdictTimeoutMs: 30_000,
        confirmTimeoutMs: 150_000,
      });
      clients.push(client);
      await client.submitAndConfirm("register_agent", {
        capabilities: "1",
        metadataUri: `https://agents.example/${client.agent.slice(0, 8)}`,
      });
      return client;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
      await bus.close();
      await stack.stop();
      await cluster.stop();
    },
  };
}

/** Every record.confirmed event stored in POD_EVENTS, as request key -> how many times. */
export async function confirmedCounts(bus: Bus): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const subject = subjects.event("record", "confirmed");
  const info = await bus.jsm.streams.info(STREAMS.events.name, { subjects_filter: subject });
  const expected = Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
  const consumer = await bus.js.consumers.get(STREAMS.events.name, { filter_subjects: subject });
  let seen = 0;
  while (seen < expected) {
    const batch = await consumer.fetch({ max_messages: 500, expires: 2_000 });
    let got = 0;
    for await (const m of batch) {
      got++;
      const key = (m.json() as { requestKey: string }).requestKey;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    if (got === 0) break;
    seen += got;
  }
  return counts;
}

/** Names of the client connections a node serves (its /connz). */
export async function clientNames(httpPort: number): Promise<string[]> {
  const res = await fetch(`http://127.0.0.1:${httpPort}/connz?limit=1024`);
  const body = (await res.json()) as { connections?: { name?: string }[] };
  return (body.connections ?? []).map((c) => c.name ?? "").filter(Boolean);
}

/** Status of a service's /readyz (0 when it does not answer). */
export async function readyStatus(httpUrl: string): Promise<number> {
  try {
    const res = await fetch(`${httpUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
    return res.status;
  } catch {
    return 0;
  }
}

/** Backlog of every durable consumer: what a stalled stage looks like from outside. */
export async function consumerBacklogs(bus: Bus): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const stream of [STREAMS.requests.name, STREAMS.pipeline.name, STREAMS.events.name]) {
    for (const c of await bus.jsm.consumers.list(stream).next()) {
      if (!c.config.durable_name) continue;
      out[`${stream}/${c.name}`] = {
        pending: c.num_pending,
        ackPending: c.num_ack_pending,
        redelivered: c.num_redelivered,
        waiting: c.num_waiting,
        leader: c.cluster?.leader,
      };
    }
  }
  return out;
}
