import { randomBytes } from "node:crypto";
import { StorageType } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import { nanos } from "@nats-io/transport-node";
import type { Bus } from "@pod/bus";
import { KV_BUCKETS, toBase58, verifyChallenge } from "@pod/protocol";
import { SubscriptionError } from "./errors.js";

export interface Challenge {
  nonce: string;
  audience: string;
  expiresAt: number;
}

/** A fresh nonce: 32 random bytes, base58 (also a valid KV key). */
export function newNonce(): string {
  return toBase58(randomBytes(32));
}

/**
 * SSE challenges in the KV bucket pod_sub_challenges: any instance can answer a nonce another
 * one issued, each nonce is taken once (a delete conditioned on the revision read; a second
 * taker loses), and the bucket's max age drops the ones never answered.
 */
export class ChallengeStore {
  private constructor(
    private readonly kv: KV,
    private readonly audience: string,
    private readonly ttlMs: number,
  ) {}

  static async open(
    bus: Bus,
    opts: { audience: string; ttlMs: number; replicas: number },
  ): Promise<ChallengeStore> {
    const kvm = new Kvm(bus.js);
    const kv = await kvm.create(KV_BUCKETS.challenges, {
      history: 1,
      ttl: opts.ttlMs,
      replicas: opts.replicas,
      storage: StorageType.File,
    });
    await keepMaxAge(bus, KV_BUCKETS.challenges, opts.ttlMs);
    return new ChallengeStore(kv, opts.audience, opts.ttlMs);
  }

  /** Issues a challenge for `agent`. */
  async issue(agent: string): Promise<Challenge> {
    const nonce = newNonce();
    const expiresAt = Date.now() + this.ttlMs;
    await this.kv.create(nonce, JSON.stringify({ agent, expiresAt }));
    return { nonce, audience: this.audience, expiresAt };
  }

  /**
   * Takes `nonce` for `agent` and checks `signature` over it: AUTH_FAILED for an unknown,
   * expired, already used or foreign nonce and for a bad signature. The nonce is spent either way.
   */
  async redeem(agent: string, nonce: string, signature: string): Promise<void> {
    const entry = await this.kv.get(nonce).catch(() => null);
    if (!entry || entry.operation !== "PUT") throw authFailed("unknown or already used nonce");
    try {
      await this.kv.delete(nonce, { previousSeq: entry.revision });
    } catch {
      throw authFailed("unknown or already used nonce");
    }
    const stored = entry.json<{ agent: string; expiresAt: number }>();
    if (stored.expiresAt < Date.now()) throw authFailed("nonce expired");
    if (stored.agent !== agent) throw authFailed("nonce was issued to another agent");
    if (!verifyChallenge(agent, nonce, this.audience, signature)) {
      throw authFailed("signature does not answer the challenge");
    }
  }

  /** Reads nothing of consequence: a readiness probe of the bucket. */
  async probe(): Promise<{ ok: boolean; detail: unknown }> {
    const status = await this.kv.status();
    return { ok: true, detail: { bucket: status.bucket, values: status.values } };
  }
}

function authFailed(reason: string): SubscriptionError {
  return new SubscriptionError("AUTH_FAILED", reason);
}

async function keepMaxAge(bus: Bus, bucket: string, ttlMs: number): Promise<void> {
  const stream = `KV_${bucket}`;
  const info = await bus.jsm.streams.info(stream);
  const wanted = nanos(ttlMs);
  if (info.config.max_age === wanted) return;
  const window = info.config.duplicate_window;
  const duplicate_window = window > wanted ? wanted : window;
  await bus.jsm.streams.update(stream, { ...info.config, max_age: wanted, duplicate_window });
}
