import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connectBus, ensureTopology, publish, type Bus } from "@pod/bus";
import { spawnLocalChain, type SpawnedChain } from "@pod/local-chain";
import { parseAppendedLeaves, viewOfTransactionResponse } from "@pod/light";
import { coder } from "@pod/program";
import {
  decodeContentMemo,
  MEMO_PROGRAM_ID,
  STREAMS,
  subjects,
  type MemoEntry,
  type ReadyPayload,
  type RecordConfirmedEvent,
  type RecordFailedEvent,
} from "@pod/protocol";
import { startService, type RunningService } from "@pod/runtime";
import { spawnService, type ServiceProcess } from "@pod/runtime/testing";
import { startNats, tmpDir, type NatsFixture, type TmpDir } from "@pod/testing";
import { Connection, Keypair, PublicKey } from "@solana/web3.js";
import { afterAll, beforeAll } from "vitest";
import { txBundlerService } from "../../src/service.js";

export const ENTRY = join(import.meta.dirname, "..", "..", "src", "main.ts");

export interface Env {
  nats: NatsFixture;
  chain: SpawnedChain;
  connection: Connection;
  bus: Bus;
  data: TmpDir;
  env(extra?: Record<string, string>): Record<string, string>;
}

/** A nats-server and the local chain (PoD + Light loaded) for one test file. */
export function bundlerEnv(): Env {
  const fx = {} as Env;
  beforeAll(async () => {
    const [nats, chain] = await Promise.all([startNats(), spawnLocalChain({ slotMs: 50 })]);
    fx.nats = nats;
    fx.chain = chain;
    fx.connection = new Connection(chain.rpcUrl, "confirmed");
    fx.bus = await connectBus({ ...nats.connectionOptions(), name: "test" });
    await ensureTopology(fx.bus.jsm);
    fx.data = await tmpDir("tx-bundler-");
    fx.env = (extra = {}) => ({
      NATS_URL: nats.url,
      SOLANA_RPC_URL: chain.rpcUrl,
      DATA_DIR: fx.data.path,
      SERVICE_HTTP_PORT: "0",
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
      BUNDLER_ADMIN_KEYPAIR: join(chain.ledger, "pod-upgrade-authority.json"),
      BUNDLER_AIRDROP_LAMPORTS: String(100e9),
      BUNDLER_FLUSH_MS: "20",
      BUNDLER_CONFIRM_POLL_MS: "50",
      SHUTDOWN_GRACE_MS: "20000",
      ...extra,
    });
  }, 90_000);
  afterAll(async () => {
    await fx.bus?.close();
    await fx.chain?.stop("SIGKILL");
    await fx.nats?.stop();
    await fx.data?.remove();
  });
  return fx;
}

/** The bundler in this process (quick to start; the crash tests use a child process). */
export async function startBundler(env: Record<string, string>): Promise<RunningService<unknown>> {
  return (await startService(txBundlerService, { env })) as RunningService<unknown>;
}

export function spawnBundler(env: Record<string, string>): ServiceProcess {
  return spawnService({ entry: ENTRY, env });
}

export function publishReady(bus: Bus, ready: ReadyPayload, msgId?: string) {
  return publish(bus, subjects.pipeline("ready", ready.op), ready, {
    msgId: msgId ?? `ready:${ready.record.requestKey}`,
  });
}

export interface RecordEvents {
  confirmed: RecordConfirmedEvent[];
  failed: RecordFailedEvent[];
}

/** Every record event the stream holds (each stored once: msg id dedup). */
export async function recordEvents(bus: Bus): Promise<RecordEvents> {
  const info = await bus.jsm.streams.info(STREAMS.events.name);
  const out: RecordEvents = { confirmed: [], failed: [] };
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && seq > 0; seq++) {
    const msg = await bus.jsm.streams.getMessage(STREAMS.events.name, { seq }).catch(() => null);
    if (!msg) continue;
    if (msg.subject === subjects.event("record", "confirmed")) out.confirmed.push(msg.json());
    if (msg.subject === subjects.event("record", "failed")) out.failed.push(msg.json());
  }
  return out;
}

/** Waits until every request key has an event (confirmed or failed). */
export async function eventsFor(bus: Bus, keys: string[], timeoutMs = 45_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const events = await recordEvents(bus);
    const seen = new Set([...events.confirmed, ...events.failed].map((e) => e.requestKey));
    if (keys.every((k) => seen.has(k))) return events;
    if (Date.now() > until) {
      const missing = keys.filter((k) => !seen.has(k));
      throw new Error(`no event for ${missing.length} of ${keys.length} records`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function adminOf(chain: SpawnedChain): Keypair {
  const path = join(chain.ledger, "pod-upgrade-authority.json");
  return Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(path, "utf8")) as number[]));
}

export function authorityOf(dataDir: string): Keypair {
  const path = join(dataDir, "tx-bundler", "authority.json");
  return Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(path, "utf8")) as number[]));
}

export async function decoded<T = Record<string, unknown>>(
  connection: Connection,
  type: string,
  address: PublicKey,
): Promise<T | undefined> {
  const info = await connection.getAccountInfo(address);
  return info ? coder.accounts.decode<T>(type, info.data) : undefined;
}

/** What one landed transaction put on chain: compressed leaves (decoded) and the memo. */
export async function landedContents(connection: Connection, signature: string) {
  const tx = await connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 });
  if (!tx) throw new Error(`transaction ${signature} not found`);
  const leaves = parseAppendedLeaves(viewOfTransactionResponse(tx)).map((leaf) => {
    const data = Buffer.from(leaf.account!.data!.data);
    return {
      leafIndex: leaf.leafIndex,
      sender: new PublicKey(data.subarray(0, 32)).toBase58(),
      envelopeHash: data.subarray(32, 64).toString("hex"),
    };
  });
  const message = tx.transaction.message;
  const keys = message.staticAccountKeys;
  let memo: MemoEntry[] = [];
  for (const ix of message.compiledInstructions) {
    if (keys[ix.programIdIndex]?.toBase58() === MEMO_PROGRAM_ID) {
      memo = decodeContentMemo(Buffer.from(ix.data).toString("utf8"));
    }
  }
  return { tx, leaves, memo };
}

/** Every leaf appended by transactions the authority signed, by envelope hash. */
export async function leavesByEnvelope(connection: Connection, authority: PublicKey) {
  const sigs = await connection.getSignaturesForAddress(authority, { limit: 1000 });
  const counts = new Map<string, number>();
  for (const s of sigs) {
    if (s.err !== null) continue;
    const { leaves } = await landedContents(connection, s.signature);
    for (const leaf of leaves)
      counts.set(leaf.envelopeHash, (counts.get(leaf.envelopeHash) ?? 0) + 1);
  }
  return counts;
}
