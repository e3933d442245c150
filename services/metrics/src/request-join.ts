import { LRUCache } from "lru-cache";

/** Not a request key (those are base58), so it never meets a real one. */
const KEEPER = "\u0000keeper";

/** What is known of a request before it is confirmed: when each earlier step happened. */
export interface RequestSteps {
  acceptedAt?: number;
  storedAt?: number;
}

export interface RequestJoinOptions {
  /** Requests remembered at once; the least recently touched go first. */
  capacity: number;
  /** A request not confirmed within this long is forgotten (rejected later, or lost). */
  ttlMs: number;
}

/**
 * Joins the events of one request by its request key: request.accepted and content.stored are
 * remembered until record.confirmed (or record.failed) takes them. Bounded by count and age,
 * so requests that never finish cost nothing after `ttlMs`.
 */
export class RequestJoin {
  readonly #steps: LRUCache<string, RequestSteps>;
  #evicted = 0;

  constructor(options: RequestJoinOptions) {
    this.#steps = new LRUCache({
      // One more for the keeper entry (below).
      max: options.capacity + 1,
      ttl: options.ttlMs,
      // Evictions for room (not expiry) mean the capacity is too small for the traffic.
      dispose: (_value, key, reason) => {
        if (reason === "evict" && key !== KEEPER) this.#evicted += 1;
      },
    });
    this.#keep();
  }

  accepted(requestKey: string, at: number): void {
    this.#keep();
    this.#steps.set(requestKey, { ...this.#steps.get(requestKey), acceptedAt: at });
  }

  stored(requestKey: string, at: number): void {
    this.#keep();
    this.#steps.set(requestKey, { ...this.#steps.get(requestKey), storedAt: at });
  }

  /** The steps seen for `requestKey`, forgotten as they are returned (the request is done). */
  take(requestKey: string): RequestSteps | undefined {
    const steps = this.#steps.get(requestKey);
    if (steps) {
      this.#keep();
      this.#steps.delete(requestKey);
    }
    return steps;
  }

  get size(): number {
    return this.#steps.size - (this.#steps.has(KEEPER) ? 1 : 0);
  }

  /**
   * lru-cache empties itself by rewriting arrays of its full capacity when the last entry is
   * deleted (about 1 ms at 100k): under light traffic every confirmation would pay that. A
   * keeper entry that is never taken keeps the cache from reaching empty through a delete.
   * Touched before every write, it is never the least recently used, so never evicted.
   */
  #keep(): void {
    if (this.#steps.get(KEEPER) === undefined) this.#steps.set(KEEPER, {});
  }

  /** Requests dropped for room before they finished. */
  get evicted(): number {
    return this.#evicted;
  }
}

/** Remembers recent transaction signatures: each transaction is measured once, not per record. */
export class SeenTransactions {
  readonly #seen: LRUCache<string, true>;

  constructor(capacity: number) {
    this.#seen = new LRUCache({ max: capacity });
  }

  /** True the first time `signature` is offered (within the remembered ones). */
  first(signature: string): boolean {
    if (this.#seen.has(signature)) return false;
    this.#seen.set(signature, true);
    return true;
  }
}

/** The request key in a message id such as `accepted:<requestKey>`, when it has that form. */
export function requestKeyFromMsgId(msgId: string | undefined, prefix: string): string | undefined {
  if (!msgId?.startsWith(`${prefix}:`)) return undefined;
  const key = msgId.slice(prefix.length + 1);
  return key.length > 0 ? key : undefined;
}
