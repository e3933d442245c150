import { generateKeypair, type Keypair, type ServiceName } from "@pod/protocol";
import { startStack, type Stack } from "@pod/stack";
import { PodClient } from "../../src/index.js";

/** The services that carry a request from an agent to the chain. */
export const WRITE_PATH: ServiceName[] = ["ingest", "compression", "ipfs-storage", "tx-bundler"];

/** One real stack per test file and the agents' clients on it (closed by stop()). */
export interface SdkStack {
  stack: Stack;
  client(keypair?: Keypair): Promise<PodClient>;
  /** A client whose registration is confirmed on chain. */
  registered(keypair?: Keypair): Promise<PodClient>;
  stop(): Promise<void>;
}

export async function startSdkStack(services: ServiceName[] = WRITE_PATH): Promise<SdkStack> {
  const stack = await startStack({
    services: Object.fromEntries(services.map((s) => [s, 1])),
    env: { LOG_LEVEL: "warn" },
  });
  const clients: PodClient[] = [];
  const client = async (keypair: Keypair = generateKeypair()) => {
    const c = await PodClient.connect({
      natsUrl: stack.natsUrl,
      rpcUrl: stack.rpcUrl,
      keypair,
      verdictTimeoutMs: 30_000,
      confirmTimeoutMs: 60_000,
    });
    clients.push(c);
    return c;
  };
  return {
    stack,
    client,
    async registered(keypair) {
      const c = await client(keypair);
      await c.registerAgent({ capabilities: 1 }, { confirm: true });
      return c;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.close()));
      await stack.stop();
    },
  };
}
