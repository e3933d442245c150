import { connectBus, ensureTopology, publish, type Bus } from "@pod/bus";
import { STREAMS, subjects, type ReadyPayload, type RecordConfirmedEvent } from "@pod/protocol";
import { startStack, type Stack } from "@pod/stack";
import { Connection } from "@solana/web3.js";

/** The write path that lands compressed messages: nats-server, the local chain, tx-bundler. */
export interface Pipeline {
  stack: Stack;
  bus: Bus;
  connection: Connection;
  stop(): Promise<void>;
}

export async function startPipeline(): Promise<Pipeline> {
  const stack = await startStack({
    services: ["tx-bundler"],
    chainArgs: ["--slot-ms", "50"],
    serviceEnv: {
      "tx-bundler": {
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
        BUNDLER_FLUSH_MS: "20",
        BUNDLER_CONFIRM_POLL_MS: "50",
      },
    },
  });
  const bus = await connectBus({ servers: stack.natsUrl, name: "proof-test" });
  await ensureTopology(bus.jsm);
  return {
    stack,
    bus,
    connection: new Connection(stack.rpcUrl, {
      commitment: "confirmed",
      ...(stack.wsUrl ? { wsEndpoint: stack.wsUrl } : {}),
    }),
    async stop() {
      await bus.close();
      await stack.stop();
    },
  };
}

/** Publishes `payloads` to tx-bundler and waits for each one's record.confirmed event. */
export async function land(
  bus: Bus,
  payloads: readonly ReadyPayload[],
  timeoutMs = 30_000,
): Promise<RecordConfirmedEvent[]> {
  for (const ready of payloads) {
    await publish(bus, subjects.pipeline("ready", ready.op), ready, {
      msgId: `ready:${ready.record.requestKey}`,
    });
  }
  const keys = new Set(payloads.map((p) => p.record.requestKey));
  const until = Date.now() + timeoutMs;
  for (;;) {
    const confirmed = await confirmedEvents(bus);
    const found = confirmed.filter((e) => keys.has(e.requestKey));
    if (found.length === keys.size) {
      return payloads.map((p) => found.find((e) => e.requestKey === p.record.requestKey)!);
    }
    if (Date.now() > until) throw new Error(`${keys.size - found.length} records not confirmed`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function confirmedEvents(bus: Bus): Promise<RecordConfirmedEvent[]> {
  const info = await bus.jsm.streams.info(STREAMS.events.name);
  const out: RecordConfirmedEvent[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && seq > 0; seq++) {
    const msg = await bus.jsm.streams.getMessage(STREAMS.events.name, { seq }).catch(() => null);
    if (msg?.subject === subjects.event("record", "confirmed")) out.push(msg.json());
  }
  return out;
}
