import { StorageType } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import { nanos } from "@nats-io/transport-node";
import type { Bus } from "@pod/bus";
import { KV_BUCKETS } from "@pod/protocol";

/** ingest's shared state: every instance reads and writes the same three buckets. */
export interface IngestBuckets {
  replay: KV;
  agents: KV;
  rate: KV;
}

const MINUTE = 60_000;

/** Replay entries outlive every timestamp the window admits: 2 x window + 1 min. */
export function replayMaxAgeMs(maxClockSkewMs: number): number {
  return 2 * maxClockSkewMs + MINUTE;
}

/**
 * A bucket left alone this long has refilled completely, so its entry may expire: an absent
 * entry reads as a full bucket.
 */
export function rateMaxAgeMs(ratePerSec: number, burst: number): number {
  return Math.max(MINUTE, Math.ceil((burst / ratePerSec) * 1000) * 2);
}

/**
 * Creates (or opens) the buckets; an existing bucket whose max age differs from the one this
 * configuration needs is updated in place.
 */
export async function openBuckets(
  bus: Bus,
  opts: { maxClockSkewMs: number; ratePerSec: number; burst: number; replicas?: number },
): Promise<IngestBuckets> {
  const kvm = new Kvm(bus.js);
  const replicas = opts.replicas ?? 1;
  const open = async (name: string, ttl: number) => {
    const kv = await kvm.create(name, { history: 1, ttl, replicas, storage: StorageType.File });
    await keepMaxAge(bus, name, ttl);
    return kv;
  };
  return {
    replay: await open(KV_BUCKETS.replay, replayMaxAgeMs(opts.maxClockSkewMs)),
    agents: await open(KV_BUCKETS.agents, 0),
    rate: await open(KV_BUCKETS.rate, rateMaxAgeMs(opts.ratePerSec, opts.burst)),
  };
}

async function keepMaxAge(bus: Bus, bucket: string, ttlMs: number): Promise<void> {
  const stream = `KV_${bucket}`;
  const info = await bus.jsm.streams.info(stream);
  const wanted = nanos(ttlMs);
  if (info.config.max_age === wanted) return;
  // The server refuses a duplicate window longer than max age (0 means no age limit).
  const window = info.config.duplicate_window;
  const duplicate_window = wanted > 0 && window > wanted ? wanted : window;
  await bus.jsm.streams.update(stream, { ...info.config, max_age: wanted, duplicate_window });
}
