import { connectBus, ensureTopology, publish, type Bus } from "@pod/bus";
import {
  generateKeypair,
  PROTOCOL_VERSION,
  STREAMS,
  subjects,
  toBase58,
  type IngestVerdict,
  type RecordConfirmedEvent,
  type RecordFailedEvent,
} from "@pod/protocol";
import { startNats, waitFor, type NatsFixture } from "@pod/testing";
import type { StoredMsg } from "@nats-io/jetstream";

/** A real nats-server with the PoD topology, and a connection for the test's own side. */
export interface Broker {
  nats: NatsFixture;
  bus: Bus;
  close(): Promise<void>;
}

export async function brokerForTests(): Promise<Broker> {
  const nats = await startNats();
  const bus = await connectBus({ servers: nats.url, name: "sdk-test" });
  await ensureTopology(bus.jsm);
  return {
    nats,
    bus,
    async close() {
      await bus.close();
      await nats.stop();
    },
  };
}

/**
 * The test plays ingest's side of the contract: it reads the last request stored on
 * `subject` (once its message id is `msgId`) and answers the inbox the request named, exactly
 * as ingest does (a core publish of an IngestVerdict).
 */
export async function storedRequest(bus: Bus, subject: string, msgId?: string): Promise<StoredMsg> {
  return waitFor(async () => {
    const m = await bus.jsm.streams.getMessage(STREAMS.requests.name, { last_by_subj: subject });
    return m && (msgId === undefined || m.header.get("Nats-Msg-Id") === msgId) && m;
  });
}

export function answer(bus: Bus, m: StoredMsg, verdict: IngestVerdict): void {
  const inbox = m.header.get("Pod-Reply-To");
  if (!inbox) throw new Error("the request names no inbox");
  bus.nc.publish(inbox, JSON.stringify(verdict));
}

const fakeSignature = () => toBase58(crypto.getRandomValues(new Uint8Array(64)));

/** A record.confirmed event as the tx-bundler publishes it (msgId confirmed:<key>). */
export async function publishConfirmed(
  bus: Bus,
  requestKey: string,
  agent = generateKeypair().address,
): Promise<RecordConfirmedEvent> {
  const requestId = "0123456789abcdef";
  const now = Date.now();
  const event: RecordConfirmedEvent = {
    v: PROTOCOL_VERSION,
    requestId,
    op: "send_direct",
    agent,
    requestKey,
    storage: "compressed",
    commitment: "0".repeat(64),
    record: {
      requestId,
      requestKey,
      createdAt: now,
      requestSig: fakeSignature(),
      sender: agent,
      recipient: agent,
      contentHash: "0".repeat(64),
      contentKind: "text",
      contentType: "text/plain",
      compressedContent: Buffer.from("hi").toString("base64"),
      contentEncoding: "identity",
    },
    signature: fakeSignature(),
    slot: 10,
    computeUnits: 60_000,
    feeLamports: 10_000,
    lamportsPerMessage: 1_300,
    bundleSize: 1,
    at: now,
  };
  await publish(bus, subjects.event("record", "confirmed"), event, {
    msgId: `confirmed:${requestKey}`,
  });
  return event;
}

export async function publishFailed(bus: Bus, requestKey: string): Promise<RecordFailedEvent> {
  const event: RecordFailedEvent = {
    v: PROTOCOL_VERSION,
    requestId: "0123456789abcdef",
    op: "send_direct",
    agent: generateKeypair().address,
    requestKey,
    code: "SIMULATION_FAILED",
    reason: "recipient is not registered",
    at: Date.now(),
  };
  await publish(bus, subjects.event("record", "failed"), event, { msgId: `failed:${requestKey}` });
  return event;
}

/** A random 32-byte request key (base58), for events of requests nobody submitted. */
export function someRequestKey(): string {
  return toBase58(crypto.getRandomValues(new Uint8Array(32)));
}
