import { connectBus, type Bus } from "@pod/bus";
import { generateKeypair, SERVICES, type Keypair } from "@pod/protocol";
import { PodClient } from "@pod/sdk";
import { startStack, type Stack } from "@pod/stack";

/**
 * Services whose durable is pulled. The subscription service holds its durable without pulling
 * (it reads POD_EVENTS through an ordered consumer per instance), so that one keeps every event.
 */
export const PULLING = ["ingest", "compression", "ipfs-storage", "tx-bundler", "metrics"] as const;

export interface System {
  stack: Stack;
  bus: Bus;
  metricsUrl: string;
  client(keypair?: Keypair): Promise<PodClient>;
  registered(): Promise<PodClient>;
  stop(): Promise<void>;
}

/** One real stack for a test file, with metrics polling fast so the test need not wait. */
export async function startSystem(): Promise<System> {
  const stack = await startStack({
    // The six services, one instance each.
    services: Object.fromEntries(SERVICES.map((s) => [s, 1])),
    env: { LOG_LEVEL: "warn" },
    serviceEnv: { metrics: { METRICS_POLL_MS: "300", METRICS_STREAM_INTERVAL_MS: "300" } },
  });
  const bus = await connectBus({ servers: stack.natsUrl, name: "metrics-test" });
  const clients: PodClient[] = [];
  const client = async (keypair: Keypair = generateKeypair()) => {
    const c = await PodClient.connect({
      natsUrl: stack.natsUrl,
      keypair,
      rpcUrl: stack.rpcUrl,
      verdictTimeoutMs: 60_000,
      confirmTimeoutMs: 120_000,
    });
    clients.push(c);
    return c;
  };
  return {
    stack,
    bus,
    metricsUrl: stack.service("metrics").httpUrl,
    client,
    async registered() {
      const c = await client();
      await c.submitAndConfirm("register_agent", {
        capabilities: "1",
        metadataUri: "https://a.example/x",
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

/** One sample of the Prometheus text format. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the exposition text (no escapes inside label values are used by these metrics). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/** Sum of the samples named `name` whose labels include `labels`. */
export function valueOf(
  samples: Sample[],
  name: string,
  labels: Record<string, string> = {},
): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((n, s) => n + s.value, 0);
}

/** Whether any sample of `name` exists (a metric is exported at all). */
export function has(samples: Sample[], name: string): boolean {
  return samples.some((s) => s.name === name);
}

export async function scrape(url: string): Promise<Sample[]> {
  const res = await fetch(`${url}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return parseMetrics(await res.text());
}
