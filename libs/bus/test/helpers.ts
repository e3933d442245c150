import { startNats, waitFor, type NatsFixture } from "@pod/testing";
import { STREAMS } from "@pod/protocol";
import { afterAll, beforeAll } from "vitest";
import { connectBus, ensureTopology, type Bus, type TopologyOptions } from "../src/index.js";

/** Short enough that redelivery after a lost consumer happens within a test. */
export const TEST_ACK_WAIT_MS = 1_500;

export interface TestBroker {
  nats: NatsFixture;
  bus: Bus;
  /** Another connection, as a second service instance would have. */
  connect(name: string): Promise<Bus>;
  close(): Promise<void>;
}

/** A broker of its own for one test file, with the PoD topology in place. */
export async function startBroker(topology: TopologyOptions = {}): Promise<TestBroker> {
  const nats = await startNats({ jetstream: true });
  const opened: Bus[] = [];
  const connect = async (name: string) => {
    const { servers, user, pass } = nats.connectionOptions();
    const bus = await connectBus({ servers, name, user, pass });
    opened.push(bus);
    return bus;
  };
  const bus = await connect("test");
  await ensureTopology(bus.jsm, {
    consumers: { ackWaitMs: TEST_ACK_WAIT_MS },
    ...topology,
  });
  return {
    nats,
    bus,
    connect,
    async close() {
      await Promise.allSettled(opened.map((b) => b.close()));
      await nats.stop();
    },
  };
}

/**
 * A broker for the tests of the enclosing scope: started before them, closed after them.
 * Read its fields inside tests; before the start they throw.
 */
export function brokerForTests(topology: TopologyOptions = {}): TestBroker {
  let started: TestBroker | undefined;
  beforeAll(async () => {
    started = await startBroker(topology);
  });
  afterAll(() => started?.close());

  const current = (): TestBroker => {
    if (started === undefined) throw new Error("the broker is started in beforeAll");
    return started;
  };
  return {
    get nats() {
      return current().nats;
    },
    get bus() {
      return current().bus;
    },
    connect: (name) => current().connect(name),
    close: () => current().close(),
  };
}

export async function streamMessages(bus: Bus, stream: string): Promise<number> {
  return (await bus.jsm.streams.info(stream)).state.messages;
}

/** Waits until the durable has nothing undelivered and nothing unacked. */
export async function waitUntilSettled(bus: Bus, stream: string, durable: string): Promise<void> {
  await waitFor(
    async () => {
      const info = await bus.jsm.consumers.info(stream, durable);
      return info.num_pending === 0 && info.num_ack_pending === 0;
    },
    { timeoutMs: 15_000, what: `${stream}/${durable} settled` },
  );
}

/** Reads every message of the DLQ stream, oldest first. */
export async function dlqMessages(bus: Bus) {
  const out = [];
  const info = await bus.jsm.streams.info(STREAMS.dlq.name);
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && seq > 0; seq++) {
    const m = await bus.jsm.streams.getMessage(STREAMS.dlq.name, { seq });
    if (m) out.push(m);
  }
  return out;
}

/** A promise plus its resolver, for handlers that must wait on the test. */
export function gate<T = void>(): { promise: Promise<T>; open(value: T): void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}
