import { randomBytes } from "node:crypto";
import { connectBus, publish, type Bus } from "@pod/bus";
import {
  buildReady,
  channelId,
  generateKeypair,
  parsePayload,
  PROTOCOL_VERSION,
  signChallenge,
  signNewRequest,
  subjects,
  toBase58,
  toBase64,
  utf8Bytes,
  type DeliveredMessage,
  type Keypair,
  type RecordConfirmedEvent,
  type SubscriptionFilter,
} from "@pod/protocol";
import { startService, type RunningService } from "@pod/runtime";
import { collectLogs, type LogLine } from "@pod/runtime/testing";
import { startNats, tmpDir, type NatsFixture, type TmpDir } from "@pod/testing";
import WebSocket from "ws";
import { subscriptionService } from "../src/index.js";

export type { LogLine } from "@pod/runtime/testing";

/** nats-server, the subscription service in this process, and a bus to publish with. */
export interface Fixture {
  nats: NatsFixture;
  bus: Bus;
  url: string;
  wsUrl: string;
  logs: LogLine[];
  service: RunningService<Record<string, unknown>>;
  dir: TmpDir;
  stop(): Promise<void>;
}

/** One subscription instance in this process; its log lines are collected. */
export interface Instance {
  service: RunningService<Record<string, unknown>>;
  url: string;
  wsUrl: string;
  logs: LogLine[];
  stop(): Promise<void>;
}

export async function startInstance(
  natsUrl: string,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<Instance> {
  const { logs, destination } = collectLogs();
  const service = (await startService(subscriptionService, {
    env: {
      NATS_URL: natsUrl,
      DATA_DIR: dataDir,
      SERVICE_HTTP_PORT: "0",
      LOG_LEVEL: "debug",
      SHUTDOWN_GRACE_MS: "5000",
      SUBSCRIPTION_PROOFS: "false",
      ...env,
    },
    logDestination: destination,
  })) as unknown as RunningService<Record<string, unknown>>;
  const url = service.http.url;
  return {
    service,
    url,
    wsUrl: `${url.replace("http", "ws")}/v1/ws`,
    logs,
    stop: async () => void (await service.stop("test over")),
  };
}

export async function startFixture(env: Record<string, string> = {}): Promise<Fixture> {
  const nats = await startNats();
  const dir = await tmpDir("subscription-test-");
  let instance: Instance;
  try {
    instance = await startInstance(nats.url, dir.path, env);
  } catch (error) {
    await nats.stop();
    await dir.remove();
    throw error;
  }
  const bus = await connectBus({ servers: nats.url, name: "subscription-test" });
  return {
    nats,
    bus,
    url: instance.url,
    wsUrl: instance.wsUrl,
    logs: instance.logs,
    service: instance.service,
    dir,
    async stop() {
      await instance.stop();
      await bus.close();
      await nats.stop();
      await dir.remove();
    },
  };
}

const txSignature = () => toBase58(randomBytes(64));

/** Publishes the record.confirmed event of a real signed request; resolves with its cursor. */
async function confirm(
  bus: Bus,
  request: Parameters<typeof buildReady>[0],
  storage: "inline" | "direct",
  location?: Parameters<typeof buildReady>[2],
): Promise<{ seq: number; event: RecordConfirmedEvent }> {
  const ready = buildReady(request, storage, location);
  const event = parsePayload("event.record.confirmed", {
    v: PROTOCOL_VERSION,
    requestId: ready.requestId,
    op: ready.op,
    agent: request.agent,
    requestKey: ready.record.requestKey,
    storage,
    commitment: ready.commitment,
    record: ready.record,
    signature: txSignature(),
    slot: 1,
    computeUnits: 1000,
    feeLamports: 5000,
    lamportsPerMessage: 5000,
    bundleSize: 1,
    at: Date.now(),
  });
  const ack = await publish(bus, subjects.event("record", "confirmed"), event, {
    msgId: `confirmed:${event.requestKey}`,
  });
  return { seq: ack.seq, event };
}

/** Publishes `event` again under another msg id, as a retry after the dedup window would. */
export async function confirmAgain(bus: Bus, event: RecordConfirmedEvent): Promise<number> {
  const again = { ...event, alreadyApplied: true, at: Date.now() };
  const ack = await publish(bus, subjects.event("record", "confirmed"), again, {
    msgId: `confirmed-again:${event.requestKey}`,
  });
  return ack.seq;
}

/** Confirmed direct message `text` (or `bytes` raw bytes) from `from` to `to`, content inline. */
export function sendDirect(bus: Bus, from: Keypair, to: string, text: string) {
  const request = signNewRequest(from, "send_direct", {
    to,
    content: { text },
    contentType: "text/plain",
  });
  return confirm(bus, request, "inline", {
    compressedContent: toBase64(utf8Bytes(text)),
    contentEncoding: "identity",
  });
}

/** Confirmed direct message whose content is `size` random bytes, inline. */
export function sendDirectBytes(bus: Bus, from: Keypair, to: string, size: number) {
  const bytes = randomBytes(size);
  const request = signNewRequest(from, "send_direct", {
    to,
    content: { bytes: toBase64(bytes) },
    contentType: "application/octet-stream",
  });
  return confirm(bus, request, "inline", {
    compressedContent: toBase64(bytes),
    contentEncoding: "identity",
  });
}

export function postChannel(bus: Bus, from: Keypair, channel: string, text: string) {
  const request = signNewRequest(from, "post_channel", {
    channel,
    content: { text },
    contentType: "text/plain",
  });
  return confirm(bus, request, "inline", {
    compressedContent: toBase64(utf8Bytes(text)),
    contentEncoding: "identity",
  });
}

export async function createChannel(bus: Bus, creator: Keypair, name: string) {
  const request = signNewRequest(creator, "create_channel", {
    name,
    visibility: "public",
    maxParticipants: 16,
  });
  await confirm(bus, request, "direct");
  return channelId(name);
}

export function joinChannel(bus: Bus, agent: Keypair, channel: string) {
  return confirm(bus, signNewRequest(agent, "join_channel", { channel }), "direct");
}

export function leaveChannel(bus: Bus, agent: Keypair, channel: string) {
  return confirm(bus, signNewRequest(agent, "leave_channel", { channel }), "direct");
}

export { generateKeypair };

/** A WebSocket subscriber that collects what it is sent. */
export interface WsSubscriber {
  ws: WebSocket;
  messages: DeliveredMessage[];
  errors: { code: string; reason: string }[];
  /** Resolves with the ready frame, rejects if the socket closes first. */
  ready: Promise<{ agent: string; cursor: string | null }>;
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once `n` messages arrived. */
  received(n: number, timeoutMs?: number): Promise<DeliveredMessage[]>;
  close(): Promise<void>;
}

export function subscribeWs(
  wsUrl: string,
  keypair: Keypair,
  opts: {
    cursor?: string;
    filter?: SubscriptionFilter;
    signWith?: Keypair;
    audience?: string;
    auth?: (challenge: { nonce: string; audience: string }) => unknown;
    /** Never answer the challenge. */
    silent?: boolean;
  } = {},
): WsSubscriber {
  const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
  const messages: DeliveredMessage[] = [];
  const errors: { code: string; reason: string }[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let readyResolve!: (r: { agent: string; cursor: string | null }) => void;
  let readyReject!: (e: Error) => void;
  const ready = new Promise<{ agent: string; cursor: string | null }>((res, rej) => {
    readyResolve = res;
    readyReject = rej;
  });
  ready.catch(() => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on("close", (code, reason) => {
      readyReject(new Error(`closed ${code} ${reason.toString()}`));
      resolve({ code, reason: reason.toString() });
    });
  });
  ws.on("error", () => undefined);
  ws.on("message", (data) => {
    const frame = JSON.parse(data.toString()) as Record<string, unknown>;
    if (frame.type === "challenge" && !opts.silent) {
      const c = frame as { nonce: string; audience: string };
      const answer = opts.auth?.(c) ?? {
        type: "auth",
        agent: keypair.address,
        signature: signChallenge(opts.signWith ?? keypair, c.nonce, opts.audience ?? c.audience),
        ...(opts.cursor !== undefined ? { cursor: opts.cursor } : {}),
        ...(opts.filter ? { filter: opts.filter } : {}),
      };
      ws.send(JSON.stringify(answer));
    } else if (frame.type === "ready") {
      readyResolve(frame as { agent: string; cursor: string | null });
    } else if (frame.type === "message") {
      messages.push(parsePayload("delivery", frame.message));
      for (const w of waiters.filter((w) => messages.length >= w.n)) w.resolve();
    } else if (frame.type === "error") {
      errors.push(frame as { code: string; reason: string });
    }
  });
  return {
    ws,
    messages,
    errors,
    ready,
    closed,
    received(n, timeoutMs = 10_000) {
      if (messages.length >= n) return Promise.resolve(messages);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`got ${messages.length} of ${n} messages`)),
          timeoutMs,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve(messages);
          },
        });
      });
    },
    async close() {
      if (ws.readyState === ws.CLOSED) return;
      ws.close();
      await closed;
    },
  };
}

export const texts = (messages: DeliveredMessage[]) => messages.map((m) => m.content?.text);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** POST /v1/challenge, then the query string of GET /v1/events answering it. */
export async function sseQuery(baseUrl: string, keypair: Keypair, signWith = keypair) {
  const res = await fetch(`${baseUrl}/v1/challenge`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ agent: keypair.address }),
  });
  const c = (await res.json()) as { nonce: string; audience: string; expiresAt: number };
  const signature = signChallenge(signWith, c.nonce, c.audience);
  return new URLSearchParams({ agent: keypair.address, nonce: c.nonce, signature });
}

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/** GET /v1/events read with fetch streaming; events are parsed as they come. */
export async function openSse(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  const events: SseEvent[] = [];
  let waiters: { n: number; resolve: () => void }[] = [];
  const ended = (async () => {
    if (!res.body || !res.headers.get("content-type")?.startsWith("text/event-stream")) return;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const e: SseEvent = { event: "message", data: "" };
          let hasData = false;
          for (const line of block.split("\n")) {
            const [field, ...rest] = line.split(":");
            const value = rest.join(":").replace(/^ /, "");
            if (field === "id") e.id = value;
            if (field === "event") e.event = value;
            if (field === "data") {
              e.data = value;
              hasData = true;
            }
          }
          if (hasData) events.push(e);
        }
        waiters = waiters.filter((w) => {
          if (events.length < w.n) return true;
          w.resolve();
          return false;
        });
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    res,
    events,
    ended,
    received(n: number, timeoutMs = 10_000): Promise<SseEvent[]> {
      if (events.length >= n) return Promise.resolve(events);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`got ${events.length} of ${n}`)),
          timeoutMs,
        );
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve(events)) });
      });
    },
    close() {
      controller.abort();
      return ended;
    },
  };
}

export const sseTexts = (events: SseEvent[]) =>
  events
    .filter((e) => e.event === "message")
    .map((e) => (JSON.parse(e.data) as DeliveredMessage).content?.text);
