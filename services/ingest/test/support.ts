import { createInbox } from "@nats-io/transport-node";
import { connectBus, ensureTopology, publish, type Bus } from "@pod/bus";
import {
  type BodyOf,
  channelId,
  generateKeypair,
  newRequestId,
  POD_HEADERS,
  PROTOCOL_VERSION,
  requestKeyOf,
  signInvite,
  signNewRequest,
  STREAMS,
  subjects,
  type IngestVerdict,
  type Keypair,
  type Operation,
  type RecordConfirmedEvent,
  type SignedRequest,
} from "@pod/protocol";
import { startService, type RunningService } from "@pod/runtime";
import { startNats, waitFor, type NatsFixture } from "@pod/testing";
import { afterAll, beforeAll } from "vitest";
import { ingestService } from "../src/index.js";

export type IngestService = RunningService<Record<string, unknown>>;

/** Env for an in-process ingest on `nats`: its own HTTP port, quiet logs. */
export function ingestEnv(nats: NatsFixture, env: Record<string, string> = {}) {
  return {
    NATS_URL: nats.url,
    SERVICE_HTTP_PORT: "0",
    LOG_LEVEL: "silent",
    SHUTDOWN_GRACE_MS: "5000",
    INGEST_CHECK_WORKERS: "0",
    ...env,
  };
}

/** Starts ingest in this process (the real service definition, the real runtime). */
export async function startIngest(
  nats: NatsFixture,
  env: Record<string, string> = {},
): Promise<IngestService> {
  return (await startService(ingestService, {
    env: ingestEnv(nats, env),
    logDestination: { write: () => undefined },
  })) as unknown as IngestService;
}

export interface IngestTestbed {
  readonly nats: NatsFixture;
  readonly client: Bus;
  readonly services: IngestService[];
}

/** A nats-server, a client and `instances` ingest services, started before the file's tests. */
export function ingestForTests(env: Record<string, string> = {}, instances = 1): IngestTestbed {
  let nats: NatsFixture | undefined;
  let client: Bus | undefined;
  const services: IngestService[] = [];
  beforeAll(async () => {
    nats = await startNats();
    client = await connectBus({ servers: nats.url, name: "ingest-test" });
    await ensureTopology(client.jsm);
    for (let i = 0; i < instances; i++) services.push(await startIngest(nats, env));
  });
  afterAll(async () => {
    for (const s of services) await s.stop("test over");
    await client?.close();
    await nats?.stop();
  });
  return {
    get nats() {
      return nats!;
    },
    get client() {
      return client!;
    },
    services,
  };
}

/** Publishes raw bytes to `subject` with a reply inbox and resolves with ingest's verdict. */
export async function submitRaw(
  client: Bus,
  subject: string,
  bytes: Uint8Array | string,
  msgId: string = newRequestId(),
  timeoutMs = 10_000,
): Promise<IngestVerdict> {
  const inbox = createInbox();
  const sub = client.nc.subscribe(inbox, { max: 1, timeout: timeoutMs });
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  await publish(client, subject, data, { msgId, headers: { [POD_HEADERS.replyTo]: inbox } });
  for await (const m of sub) return m.json<IngestVerdict>();
  throw new Error(`no verdict on ${inbox}`);
}

/** Publishes a signed request the way an agent does (msg id = request key). */
export function submit(client: Bus, request: SignedRequest): Promise<IngestVerdict> {
  return submitRaw(
    client,
    subjects.ingest(request.op),
    JSON.stringify(request),
    requestKeyOf(request),
  );
}

/** Signs `unsigned` with a fresh id and the current time unless they are given. */
export function signed<Op extends Operation>(
  keypair: Keypair,
  op: Op,
  body: BodyOf<Op>,
  overrides: { id?: string; ts?: number } = {},
): SignedRequest {
  return signNewRequest(keypair, op, body, overrides);
}

/** One valid request of every operation, from `agent` (already registered) and friends. */
export function requestOfEveryOp(agent: Keypair): SignedRequest[] {
  const newcomer = generateKeypair();
  const other = generateKeypair();
  const inviter = generateKeypair();
  const channel = channelId(`room-${newRequestId()}`);
  const sent = signed(agent, "send_direct", {
    to: other.address,
    content: { text: "hello\tthere\n" },
    contentType: "text/plain; charset=utf-8",
  });
  return [
    signed(newcomer, "register_agent", { capabilities: "3", metadataUri: "https://a.example/x" }),
    signed(other, "register_agents", {
      registrations: [
        signed(generateKeypair(), "register_agent", { capabilities: "1", metadataUri: "ipfs://a" }),
        signed(generateKeypair(), "register_agent", { capabilities: "2", metadataUri: "ipfs://b" }),
      ] as never,
    }),
    signed(agent, "update_agent", { metadataUri: "https://a.example/new" }),
    signed(agent, "create_channel", {
      name: `room ${newRequestId()}`,
      visibility: "invite_only",
      maxParticipants: 10,
    }),
    signed(agent, "join_channel", {
      channel,
      invite: signInvite(channel, agent.address, Date.now() + 60_000, inviter),
    }),
    signed(agent, "leave_channel", { channel }),
    sent,
    signed(agent, "post_channel", {
      channel,
      content: { bytes: Buffer.from([0, 1, 2, 255]).toString("base64") },
      contentType: "application/octet-stream",
    }),
    signed(agent, "mark_message", { message: requestKeyOf(sent), status: "read" }),
  ];
}

/**
 * Publishes a confirmed event as the tx-bundler would: of a registration of `agents`, or,
 * with none, of a message sent by `sender` (which registers nobody).
 */
export async function confirmRegistration(
  client: Bus,
  agents: string[],
  sender: string = generateKeypair().address,
): Promise<void> {
  const id = newRequestId();
  const now = Date.now();
  const fakeSig = "1".repeat(64);
  const common = {
    requestId: id,
    requestKey: requestKeyOf({ agent: sender, id }),
    createdAt: now,
    requestSig: fakeSig,
  };
  const registration = (agent: string) => ({
    v: PROTOCOL_VERSION as typeof PROTOCOL_VERSION,
    id: newRequestId(),
    op: "register_agent" as const,
    agent,
    ts: now,
    body: { capabilities: "0", metadataUri: "pod://test" },
    sig: fakeSig,
  });
  const landed = {
    v: PROTOCOL_VERSION as typeof PROTOCOL_VERSION,
    requestId: id,
    requestKey: common.requestKey,
    storage: "direct" as const,
    commitment: "0".repeat(64),
    signature: "1".repeat(64),
    slot: 7,
    computeUnits: 5_000,
    feeLamports: 5_000,
    lamportsPerMessage: 5_000,
    bundleSize: 1,
    at: now,
    ...(agents.length > 0 ? { registered: agents } : {}),
  };
  const event: RecordConfirmedEvent =
    agents.length === 0
      ? {
          ...landed,
          op: "send_direct",
          agent: sender,
          record: {
            ...common,
            sender,
            recipient: sender,
            contentHash: "0".repeat(64),
            contentKind: "text",
            contentType: "text/plain",
            compressedContent: Buffer.from("hi").toString("base64"),
            contentEncoding: "identity",
          },
        }
      : agents.length === 1
        ? {
            ...landed,
            op: "register_agent",
            agent: agents[0]!,
            record: { ...common, agent: agents[0]!, body: registration(agents[0]!).body },
          }
        : {
            ...landed,
            op: "register_agents",
            agent: sender,
            record: {
              ...common,
              agent: sender,
              body: { registrations: agents.map(registration) },
            },
          };
  await publish(client, subjects.event("record", "confirmed"), event, {
    msgId: `confirmed:${event.requestKey}`,
  });
}

/** Registers agents through the directory's real path and waits until ingest knows them. */
export async function registerAgents(client: Bus, ...agents: Keypair[]): Promise<void> {
  await confirmRegistration(
    client,
    agents.map((a) => a.address),
  );
  const kv = await import("@nats-io/kv").then((m) => new m.Kvm(client.js).open("pod_agents"));
  await waitFor(async () => {
    const found = await Promise.all(agents.map((a) => kv.get(a.address)));
    return found.every((e) => e?.operation === "PUT");
  });
}

/** Every message of `stream` whose subject starts with `prefix`, oldest first. */
export async function messagesOf(client: Bus, stream: string, prefix: string) {
  const info = await client.jsm.streams.info(stream);
  const out: { subject: string; msgId: string | undefined; data: unknown }[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const m = await client.jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
    if (!m || !m.subject.startsWith(prefix)) continue;
    out.push({
      subject: m.subject,
      msgId: m.header?.get("Nats-Msg-Id") || undefined,
      data: m.json(),
    });
  }
  return out;
}

export const ACCEPTED_PREFIX = "pod.pipeline.accepted.";
export const PIPELINE = STREAMS.pipeline.name;
export const EVENTS = STREAMS.events.name;
