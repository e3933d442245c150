import path from "node:path";
import { fileURLToPath } from "node:url";
import { connectBus, publish, type Bus } from "@pod/bus";
import {
  keypairFromSeed,
  newRequestId,
  requestKeyOf,
  sha256Of,
  signRequest,
  STREAMS,
  subjects,
  toBase64,
  toHex,
  type RequestOf,
  type StorePayload,
} from "@pod/protocol";
import { startService, type RunningService } from "@pod/runtime";
import { collectLogs, type LogLine } from "@pod/runtime/testing";
import { startNats, tmpDir, type NatsFixture, type TmpDir } from "@pod/testing";
import { CID } from "multiformats/cid";
import { afterAll, beforeAll } from "vitest";
import { BlockFiles } from "../src/block-files.js";
import { ipfsStorageService } from "../src/index.js";

export type { LogLine } from "@pod/runtime/testing";
type Running = RunningService<Record<string, unknown>>;

export const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));

export const alice = keypairFromSeed(new Uint8Array(32).fill(1));
export const bob = keypairFromSeed(new Uint8Array(32).fill(2));

/** ipfs-storage started in this process; its log lines are collected. */
export interface IpfsForTests {
  service: Running;
  logs: LogLine[];
  /** Base URL of /healthz, /readyz, /metrics. */
  url: string;
  /** Base URL of the gateway (GET /ipfs/<cid>): the service's HTTP port. */
  gateway: string;
  stop(): Promise<void>;
}

/** Common variables of a test instance: random ports, debug logs, `dataDir` as DATA_DIR. */
export function testEnv(natsUrl: string, dataDir: string, env: Record<string, string> = {}) {
  return {
    NATS_URL: natsUrl,
    DATA_DIR: dataDir,
    SERVICE_HTTP_PORT: "0",
    LOG_LEVEL: "debug",
    SHUTDOWN_GRACE_MS: "5000",
    ...env,
  };
}

export async function startIpfsStorage(
  natsUrl: string,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<IpfsForTests> {
  const { logs, destination } = collectLogs();
  const service = (await startService(ipfsStorageService, {
    env: testEnv(natsUrl, dataDir, env),
    logDestination: destination,
  })) as unknown as Running;
  return {
    service,
    logs,
    url: service.http.url,
    gateway: service.http.url,
    stop: async () => void (await service.stop("test over")),
  };
}

/** A NATS server, a client, a data directory and one ipfs-storage instance, for one test file. */
export function ipfsForTests(env: Record<string, string> = {}) {
  const state: { nats?: NatsFixture; client?: Bus; dir?: TmpDir; ipfs?: IpfsForTests } = {};
  beforeAll(async () => {
    state.nats = await startNats();
    state.client = await connectBus({ servers: state.nats.url, name: "ipfs-storage-test" });
    state.dir = await tmpDir("pod-ipfs-");
    state.ipfs = await startIpfsStorage(state.nats.url, state.dir.path, env);
  });
  afterAll(async () => {
    await state.ipfs?.stop();
    await state.client?.close();
    await state.nats?.stop();
    await state.dir?.remove();
  });
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("started in beforeAll");
    return value;
  };
  return {
    get nats() {
      return need(state.nats);
    },
    get client() {
      return need(state.client);
    },
    get dataDir() {
      return need(state.dir).path;
    },
    get ipfs() {
      return need(state.ipfs);
    },
    set ipfs(value: IpfsForTests) {
      state.ipfs = value;
    },
  };
}

/** A signed send_direct from alice to bob carrying `content` (text, or bytes). */
export function sendDirect(content: string | Uint8Array): RequestOf<"send_direct"> {
  return signRequest(
    {
      v: 1,
      id: newRequestId(),
      op: "send_direct",
      ts: Date.now(),
      body: {
        to: bob.address,
        content: typeof content === "string" ? { text: content } : { bytes: toBase64(content) },
        contentType: typeof content === "string" ? "text/plain" : "application/octet-stream",
      },
    },
    alice,
  ) as RequestOf<"send_direct">;
}

/** What compression publishes for `request` when its content goes to IPFS. */
export function storePayload(
  request: RequestOf<"send_direct">,
  storage: "direct" | "compressed" = "direct",
): StorePayload {
  const content =
    request.body.content.text !== undefined
      ? new TextEncoder().encode(request.body.content.text)
      : Buffer.from(request.body.content.bytes!, "base64");
  return {
    v: 1,
    requestId: request.id,
    request,
    storage,
    content: toBase64(content),
    contentHash: toHex(sha256Of(content)),
  };
}

export function publishStore(client: Bus, payload: StorePayload, msgId?: string) {
  return publish(client, subjects.pipeline("store", payload.request.op), payload, {
    msgId: msgId ?? `store:${requestKeyOf(payload.request)}`,
  });
}

/** The last message on `subject` in `stream`, or undefined. */
export async function lastOn(client: Bus, stream: string, subject: string) {
  return client.jsm.streams.getMessage(stream, { last_by_subj: subject }).catch(() => undefined);
}

/** Messages per subject in `stream`. */
export async function countsOf(client: Bus, stream: string): Promise<Record<string, number>> {
  const info = await client.jsm.streams.info(stream, { subjects_filter: ">" });
  return (info.state.subjects ?? {}) as Record<string, number>;
}

/** The stored message of `stream` carrying msg id `msgId`, searching from the end. */
export async function messageWithId(client: Bus, stream: string, subject: string, msgId: string) {
  const m = await lastOn(client, stream, subject);
  return m?.header?.get("Nats-Msg-Id") === msgId ? m : undefined;
}

export const PIPELINE = STREAMS.pipeline.name;
export const EVENTS = STREAMS.events.name;
export const DLQ = STREAMS.dlq.name;

/** The path of `cid`'s block file under an instance's DATA_DIR. */
export function blockFileOf(dataDir: string, cid: string): string {
  return new BlockFiles().pathOf(path.join(dataDir, "ipfs", "blocks"), CID.parse(cid));
}

/** pod.ipfs.get over core NATS; the parsed reply (or the raw message for a headers-only one). */
export async function ipfsGet(client: Bus, body: unknown) {
  const data = typeof body === "string" ? body : JSON.stringify(body);
  const msg = await client.nc.request(subjects.ipfsGet, data, { timeout: 5_000 });
  return { msg, reply: msg.data.length > 0 ? (msg.json() as Record<string, unknown>) : undefined };
}
