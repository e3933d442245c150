import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import type { Bus } from "@pod/bus";
import { KV_BUCKETS, type RecordConfirmedEvent, type RecordFailedEvent } from "@pod/protocol";

/**
 * A request's entry in the claims journal. Written BEFORE its transaction is sent: "sent"
 * names the one transaction that may carry the request; a restarted or second bundler asks
 * the chain what became of it before signing anything else for the request.
 */
export interface Claim {
  state: "sent" | "confirmed" | "failed";
  signature?: string;
  blockhash?: string;
  lastValidBlockHeight?: number;
  /** Requests in that transaction, and what it spends besides its fee, for the cost share. */
  bundleSize?: number;
  rentLamports?: number;
  leaves?: number;
  instance: string;
  at: number;
  /** The event once the outcome is final: republished as is on a redelivery. */
  event?: RecordConfirmedEvent | RecordFailedEvent;
}

export interface ClaimEntry {
  claim: Claim;
  revision: number;
}

/** A transaction's signed bytes, kept so that another instance can rebroadcast them. */
export interface SentTransaction {
  raw: string;
  lastValidBlockHeight: number;
}

const TX_PREFIX = "tx.";

/** The claims journal: JetStream KV, one key per request key, compare-and-set writes. */
export class Claims {
  private constructor(private readonly kv: KV) {}

  static async open(bus: Bus, ttlMs: number, replicas = 1): Promise<Claims> {
    const kvm = new Kvm(bus.js);
    const kv = await kvm
      .create(KV_BUCKETS.bundlerClaims, { history: 1, ttl: ttlMs, replicas })
      // An existing bucket made with other settings is still the journal.
      .catch(() => kvm.open(KV_BUCKETS.bundlerClaims));
    return new Claims(kv);
  }

  async get(requestKey: string): Promise<ClaimEntry | undefined> {
    const entry = await this.kv.get(requestKey);
    if (!entry || entry.operation !== "PUT" || entry.length === 0) return undefined;
    return { claim: entry.json<Claim>(), revision: entry.revision };
  }

  /**
   * Writes `claim` if the journal still holds `revision` for the key (none when undefined).
   * Returns the new revision, or "conflict" when someone else wrote first.
   */
  async write(requestKey: string, claim: Claim, revision: number | undefined) {
    const data = JSON.stringify(claim);
    try {
      return revision === undefined
        ? await this.kv.create(requestKey, data)
        : await this.kv.update(requestKey, data, revision);
    } catch (error) {
      if (isWrongLastSequence(error)) return "conflict" as const;
      throw error;
    }
  }

  async putTransaction(signature: string, tx: SentTransaction): Promise<void> {
    await this.kv.put(`${TX_PREFIX}${signature}`, JSON.stringify(tx));
  }

  async transaction(signature: string): Promise<SentTransaction | undefined> {
    const entry = await this.kv.get(`${TX_PREFIX}${signature}`);
    if (!entry || entry.operation !== "PUT" || entry.length === 0) return undefined;
    return entry.json<SentTransaction>();
  }
}

function isWrongLastSequence(error: unknown): boolean {
  if (error instanceof JetStreamApiError) {
    return (
      error.code === JetStreamApiCodes.StreamWrongLastSequence ||
      error.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown
    );
  }
  return error instanceof Error && /wrong last sequence/i.test(error.message);
}
