import type { KV } from "@nats-io/kv";
import { TransientError } from "@pod/bus";
import { RateLimitedError } from "@pod/protocol";
import { isRevisionConflict } from "./kv-conflict.js";
import { takeTokens, type BucketRules, type BucketState } from "./token-bucket.js";

/** The last state this instance read or wrote for an agent, with its KV revision. */
interface Known {
  state: BucketState | undefined;
  /** 0 when the bucket holds no entry for the agent. */
  revision: number;
}

interface Waiter {
  granted(): void;
  refused(error: unknown): void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Past this, a conflict storm is a broker problem: the request is retried later. */
const MAX_ATTEMPTS = 16;
/** Agents whose last state is remembered; the oldest is forgotten past this. */
const MAX_REMEMBERED = 100_000;

/**
 * A token bucket per agent in the rate bucket, shared by every instance through
 * compare-and-set: a write names the revision it read, and a conflict means another instance
 * wrote first, so the state is read again and the decision made again.
 *
 * Round trips: the instance remembers the revision it last wrote, so with one instance per
 * agent a grant is one write, and a refusal none (the remembered state can only hold more
 * tokens than the stored one, so if it refuses, the store refuses too). Requests of one agent
 * that arrive while its write is in flight are decided together by the next write.
 */
export class RateLimiter {
  readonly #remembered = new Map<string, Known>();
  readonly #lanes = new Map<string, Waiter[]>();
  /** Conflicts seen (another instance wrote the same agent's bucket in between). */
  conflicts = 0;

  constructor(
    private readonly kv: KV,
    private readonly rules: BucketRules,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Resolves when `agent` may send one more request; throws RateLimitedError otherwise. */
  take(agent: string): Promise<void> {
    return new Promise((granted, refused) => {
      const lane = this.#lanes.get(agent);
      if (lane !== undefined) {
        lane.push({ granted, refused });
        return;
      }
      this.#lanes.set(agent, [{ granted, refused }]);
      void this.#drain(agent);
    });
  }

  async #drain(agent: string): Promise<void> {
    const lane = this.#lanes.get(agent)!;
    while (lane.length > 0) {
      const batch = lane.splice(0);
      try {
        const { granted, retryAfterMs } = await this.#decide(agent, batch.length);
        batch.forEach((w, i) => {
          if (i < granted) w.granted();
          else w.refused(new RateLimitedError(agent, retryAfterMs));
        });
      } catch (error) {
        this.#remembered.delete(agent);
        for (const w of batch) w.refused(error);
      }
    }
    this.#lanes.delete(agent);
  }

  async #decide(agent: string, wanted: number): Promise<{ granted: number; retryAfterMs: number }> {
    let known = this.#remembered.get(agent);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      known ??= await this.#read(agent);
      const result = takeTokens(known.state, wanted, this.clock(), this.rules);
      if (result.granted === 0) return result;
      try {
        const revision = await this.kv.put(agent, encoder.encode(JSON.stringify(result.next)), {
          previousSeq: known.revision,
        });
        this.#remember(agent, { state: result.next, revision });
        return result;
      } catch (error) {
        if (!isRevisionConflict(error)) throw error;
        this.conflicts++;
        known = undefined;
      }
    }
    throw new TransientError(`rate bucket of ${agent} kept changing under us`, {
      code: "RATE_BUCKET_CONTENDED",
    });
  }

  async #read(agent: string): Promise<Known> {
    const entry = await this.kv.get(agent);
    if (entry === null) return { state: undefined, revision: 0 };
    if (entry.operation !== "PUT") return { state: undefined, revision: entry.revision };
    try {
      const state = JSON.parse(decoder.decode(entry.value)) as BucketState;
      if (Number.isFinite(state.tokens) && Number.isFinite(state.at)) {
        return { state, revision: entry.revision };
      }
    } catch {
      // An unreadable entry is overwritten as a full bucket, at its revision.
    }
    return { state: undefined, revision: entry.revision };
  }

  #remember(agent: string, known: Known): void {
    this.#remembered.delete(agent);
    if (this.#remembered.size >= MAX_REMEMBERED) {
      this.#remembered.delete(this.#remembered.keys().next().value!);
    }
    this.#remembered.set(agent, known);
  }
}
