import { Connection, type Commitment } from "@solana/web3.js";
import pRetry from "p-retry";
import { DEFAULT_SCORING, EndpointStats, type ScoringOptions } from "./endpoint-stats.js";
import { CHAIN_ERROR_CODES, ChainError } from "./errors.js";
import { failureOfError, type AttemptFailure } from "./failure.js";
import type { Endpoint } from "./endpoint.js";
import { HealthChecks } from "./health-checks.js";
import { attemptContext, timedFetch, type AttemptRecord } from "./transport.js";

export interface EndpointHealth {
  url: string;
  score: number;
  successRate: number;
  latencyMs: number;
  inFlight: number;
  lastError?: string;
  /** healthy; cooling (skipped after a transient failure); probing (cool-down over, no answer yet). */
  state: "healthy" | "cooling" | "probing";
  /** Skipped for routing until this cool-down ends (0 when not cooling down). */
  coolingDownMs: number;
  calls: number;
  failures: number;
}

export interface PoolLogger {
  warn(obj: object, msg?: string): void;
}

export interface RpcPoolOptions {
  urls: string[];
  commitment?: "processed" | "confirmed" | "finalized";
  /** Bound on one HTTP request; an endpoint silent for this long has failed. Default 5000. */
  requestTimeoutMs?: number;
  logger?: PoolLogger;
  /** Attempts per call across endpoints (default: endpoints + 1, at least 3). */
  maxAttempts?: number;
  /** How often endpoints whose cool-down ended are probed (getHealth). Default 1000. */
  probeIntervalMs?: number;
  /**
   * An endpoint no call used for this long is probed too, so the score of one that is not
   * routed to (a standby, or one that died while idle) stays current. Default 10000.
   */
  idleProbeMs?: number;
  scoring?: Partial<ScoringOptions>;
  /**
   * With two or more endpoints, their slots are compared this often (getSlot at the pool's
   * commitment); one more than maxSlotLag behind the best is failed as behind, even if it
   * does not say so itself. Default 5000.
   */
  slotCheckMs?: number;
  /** Default 50 slots (20 s at 400 ms). */
  maxSlotLag?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** A transient failure of one attempt, carried through p-retry to the next attempt. */
class AttemptFailed extends Error {
  constructor(
    readonly url: string,
    readonly failure: AttemptFailure,
    readonly original: unknown,
  ) {
    super(`${url}: ${failure.code}: ${failure.message}`);
  }
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;

/**
 * Routes JSON-RPC calls over one or more endpoints by health, and fails over on transient
 * failures with a bounded number of attempts. Each endpoint's web3.js Connection has its
 * 429 retries turned off and a bounded fetch, so every retry is made here, counted, and
 * moves to the next-healthiest endpoint.
 */
export class RpcPool {
  readonly commitment: Commitment;
  readonly requestTimeoutMs: number;
  private readonly endpoints: Endpoint[];
  private readonly maxAttempts: number;
  private readonly logger: PoolLogger | undefined;
  private readonly checks: HealthChecks;
  private closed = false;

  constructor(options: RpcPoolOptions) {
    if (options.urls.length === 0) {
      throw new ChainError(CHAIN_ERROR_CODES.configInvalid, "RpcPool needs at least one URL");
    }
    this.commitment = options.commitment ?? "confirmed";
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    if (!(this.requestTimeoutMs > 0)) {
      throw new ChainError(CHAIN_ERROR_CODES.configInvalid, "requestTimeoutMs must be > 0");
    }
    this.maxAttempts = options.maxAttempts ?? Math.max(3, options.urls.length + 1);
    this.logger = options.logger;
    const scoring = { ...DEFAULT_SCORING, ...options.scoring };
    this.endpoints = options.urls.map((url) => {
      const fetch = timedFetch(url, this.requestTimeoutMs);
      const connection = new Connection(url, {
        commitment: this.commitment,
        // Rate limits are failover signals here; web3.js would otherwise retry a 429 five
        // times with growing sleeps, unbounded by any caller's deadline.
        disableRetryOnRateLimit: true,
        fetch,
        // Node's fetch ignores an http.Agent; do not let web3.js build one.
        httpAgent: false,
      });
      return { url, connection, fetch, stats: new EndpointStats(scoring), probing: false };
    });
    this.checks = new HealthChecks(this.endpoints, {
      commitment: this.commitment,
      probeIntervalMs: options.probeIntervalMs ?? 1_000,
      idleProbeMs: options.idleProbeMs ?? 10_000,
      slotCheckMs: options.slotCheckMs ?? 5_000,
      maxSlotLag: options.maxSlotLag ?? 50,
      logger: this.logger,
    });
  }

  /**
   * Runs fn on the healthiest endpoint; on a transient failure (network, timeout, 429, 5xx,
   * node behind) records it and retries on the next endpoint (bounded attempts); a
   * permanent RPC error is thrown as is.
   */
  async call<T>(
    what: string,
    fn: (connection: Connection) => Promise<T>,
    options: CallOptions = {},
  ): Promise<T> {
    if (this.closed)
      throw new ChainError(CHAIN_ERROR_CODES.poolClosed, `${what}: the pool is closed`);
    const tried = new Set<Endpoint>();
    const failures: AttemptFailed[] = [];
    try {
      return await pRetry(
        () => {
          const endpoint = this.pick(tried);
          tried.add(endpoint);
          return this.attempt(endpoint, what, fn);
        },
        {
          retries: this.maxAttempts - 1,
          // A short pause: the next attempt usually goes to another endpoint, and when the
          // same one is all there is, an instant retry would only hit the same fault.
          minTimeout: 25,
          factor: 2,
          maxTimeout: 500,
          randomize: true,
          signal: options.signal,
          onFailedAttempt: ({ error }) => {
            if (error instanceof AttemptFailed) failures.push(error);
          },
          shouldRetry: ({ error }) => error instanceof AttemptFailed,
        },
      );
    } catch (error) {
      if (options.signal?.aborted) {
        throw new ChainError(CHAIN_ERROR_CODES.aborted, `${what}: aborted`, {
          cause: options.signal.reason,
        });
      }
      if (!(error instanceof AttemptFailed)) throw error;
      throw new ChainError(
        error.failure.code,
        `${what} failed on ${failures.length} attempt(s): ${error.message}`,
        {
          cause: error.original,
          details: {
            what,
            attempts: failures.map((f) => ({
              url: f.url,
              code: f.failure.code,
              message: f.failure.message,
            })),
          },
        },
      );
    }
  }

  health(): EndpointHealth[] {
    const now = Date.now();
    return this.endpoints.map(({ url, stats }) => {
      const health: EndpointHealth = {
        url,
        score: stats.score(now),
        successRate: stats.successRate,
        latencyMs: stats.latencyMs,
        inFlight: stats.inFlight,
        state: stats.coolingDown(now) ? "cooling" : stats.needsProbe ? "probing" : "healthy",
        coolingDownMs: Math.max(0, stats.coolUntil - now),
        calls: stats.calls,
        failures: stats.failures,
      };
      if (stats.lastError !== undefined) health.lastError = stats.lastError;
      return health;
    });
  }

  close(): void {
    this.closed = true;
    this.checks.stop();
  }

  /**
   * The healthiest endpoint not yet tried by this call; once all were tried, the healthiest
   * of all. An endpoint cooling down is taken only when every other one is too (then the
   * one whose cool-down ends first): a call is never refused without an attempt.
   */
  private pick(tried: ReadonlySet<Endpoint>): Endpoint {
    const now = Date.now();
    const fresh = this.endpoints.filter((e) => !tried.has(e));
    const pool = fresh.length > 0 ? fresh : this.endpoints;
    let best: Endpoint | undefined;
    let bestScore = -1;
    for (const endpoint of pool) {
      const score = endpoint.stats.score(now);
      if (score > bestScore) {
        best = endpoint;
        bestScore = score;
      }
    }
    if (best !== undefined && bestScore > 0) return best;
    return pool.reduce((a, b) => (b.stats.coolUntil < a.stats.coolUntil ? b : a));
  }

  private async attempt<T>(
    endpoint: Endpoint,
    what: string,
    fn: (connection: Connection) => Promise<T>,
  ): Promise<T> {
    const record: AttemptRecord = {};
    const { stats } = endpoint;
    const started = performance.now();
    stats.inFlight++;
    try {
      const value = await attemptContext.run(record, () => fn(endpoint.connection));
      stats.success(performance.now() - started, Date.now());
      return value;
    } catch (error) {
      const elapsed = performance.now() - started;
      const failure = record.failure ?? failureOfError(error);
      if (failure?.transient) {
        stats.failure(failure, Date.now(), elapsed);
        this.logger?.warn(
          { url: endpoint.url, what, code: failure.code, reason: failure.message },
          "rpc attempt failed",
        );
        throw new AttemptFailed(endpoint.url, failure, error);
      }
      // The endpoint answered (an RPC error, a refused transaction): healthy, and the
      // answer is the caller's to handle.
      if (failure?.code !== CHAIN_ERROR_CODES.aborted) stats.success(elapsed, Date.now());
      throw error;
    } finally {
      stats.inFlight--;
    }
  }
}
