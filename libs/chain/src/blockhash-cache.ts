import type { RpcPool } from "./rpc-pool.js";

export interface Blockhash {
  blockhash: string;
  lastValidBlockHeight: number;
}

export interface BlockhashCacheOptions {
  /** Background refresh interval. Default 2000 ms (a blockhash lives ~60 s on a cluster). */
  refreshMs?: number;
  /** A cached value older than this is not handed out; get() waits for a new one. Default 3 x refreshMs. */
  maxAgeMs?: number;
}

/**
 * The latest blockhash, refreshed in the background (every refreshMs) and on demand.
 * Fetched at the pool's commitment, the one sendAndConfirm confirms at, so a transaction is
 * never signed with a blockhash the confirming side does not know yet.
 */
export class BlockhashCache {
  private readonly refreshMs: number;
  private readonly maxAgeMs: number;
  private current: { value: Blockhash; fetchedAt: number } | undefined;
  private inFlight: { request: Promise<Blockhash>; generation: number } | undefined;
  private readonly timer: NodeJS.Timeout;
  private generation = 0;

  constructor(
    private readonly pool: RpcPool,
    opts: BlockhashCacheOptions = {},
  ) {
    this.refreshMs = opts.refreshMs ?? 2_000;
    this.maxAgeMs = opts.maxAgeMs ?? 3 * this.refreshMs;
    this.timer = setInterval(() => {
      // A failed background refresh is not an error anyone waits for; get() retries.
      this.fetch().catch(() => undefined);
    }, this.refreshMs);
    this.timer.unref();
  }

  async get(): Promise<Blockhash> {
    const current = this.current;
    if (current !== undefined && Date.now() - current.fetchedAt <= this.maxAgeMs)
      return current.value;
    return this.fetch();
  }

  /** Drops the cached blockhash (e.g. after "Blockhash not found"); the next get() fetches. */
  invalidate(): void {
    this.current = undefined;
    this.generation++;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * One fetch at a time; concurrent callers share it. A fetch begun before invalidate() is
   * not shared with callers after it: its answer may be the very blockhash being dropped.
   */
  private fetch(): Promise<Blockhash> {
    const generation = this.generation;
    if (this.inFlight !== undefined && this.inFlight.generation === generation)
      return this.inFlight.request;
    const started = Date.now();
    const request = this.pool
      .call("getLatestBlockhash", (c) => c.getLatestBlockhash(this.pool.commitment))
      .then((value) => {
        // An answer to a request made before invalidate() may be the refused hash itself.
        if (generation === this.generation) this.current = { value, fetchedAt: started };
        return value;
      })
      .finally(() => {
        if (this.inFlight?.request === request) this.inFlight = undefined;
      });
    this.inFlight = { request, generation };
    return request;
  }
}
