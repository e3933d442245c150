import type { AttemptFailure } from "./failure.js";

/** Tuning of how an endpoint is scored and cooled down; the defaults suit a public RPC. */
export interface ScoringOptions {
  /** Weight of the newest sample in the latency and success EWMAs (0..1). */
  alpha: number;
  /** First cool-down after a transient failure; doubles per consecutive failure. */
  coolDownMs: number;
  maxCoolDownMs: number;
}

export const DEFAULT_SCORING: ScoringOptions = {
  alpha: 0.2,
  coolDownMs: 1_000,
  maxCoolDownMs: 30_000,
};

/** A latency EWMA starts here, so an endpoint never called is neither favoured nor shunned. */
const INITIAL_LATENCY_MS = 100;

/**
 * Health of one endpoint: EWMAs of latency (successes only) and success (1/0 per attempt),
 * calls in flight, and a cool-down after transient failures. While cooling down an endpoint
 * is skipped; when it ends the endpoint is "probing" until a health probe answers.
 */
export class EndpointStats {
  latencyMs = INITIAL_LATENCY_MS;
  successRate = 1;
  inFlight = 0;
  consecutiveFailures = 0;
  coolUntil = 0;
  /** A probe is owed: the endpoint failed and has not answered a probe since. */
  needsProbe = false;
  lastError: string | undefined;
  calls = 0;
  failures = 0;
  /** Last time a call or probe got an answer or failed (ms epoch); 0 = never. */
  lastActivityAt = 0;

  constructor(private readonly options: ScoringOptions) {}

  /** `probe`: a health probe's answer, which is not counted as a call. */
  success(latencyMs: number, now: number, probe = false): void {
    const { alpha } = this.options;
    if (!probe) this.calls++;
    this.lastActivityAt = now;
    this.latencyMs = this.latencyMs + alpha * (latencyMs - this.latencyMs);
    this.successRate = this.successRate + alpha * (1 - this.successRate);
    this.consecutiveFailures = 0;
    this.needsProbe = false;
    this.coolUntil = 0;
  }

  failure(failure: AttemptFailure, now: number, elapsedMs: number, probe = false): void {
    const { alpha, coolDownMs, maxCoolDownMs } = this.options;
    if (!probe) this.calls++;
    this.failures++;
    this.lastActivityAt = now;
    this.successRate = this.successRate * (1 - alpha);
    // A stall is as slow as it gets: let it weigh on latency too.
    if (failure.code === "RPC_TIMEOUT") {
      this.latencyMs = this.latencyMs + alpha * (elapsedMs - this.latencyMs);
    }
    this.consecutiveFailures++;
    const backoff = Math.min(maxCoolDownMs, coolDownMs * 2 ** (this.consecutiveFailures - 1));
    this.coolUntil = Math.max(this.coolUntil, now + Math.max(backoff, failure.retryAfterMs ?? 0));
    this.needsProbe = true;
    this.lastError = `${failure.code}: ${failure.message}`;
  }

  coolingDown(now: number): boolean {
    return now < this.coolUntil;
  }

  /** The cool-down is over but no probe or call has succeeded since the failure. */
  awaitingProbe(now: number): boolean {
    return this.needsProbe && !this.coolingDown(now);
  }

  /**
   * Higher is healthier: success rate over latency, discounted per call in flight (so load
   * spreads before an endpoint saturates), 0 while cooling down. Latency is in units of
   * 100 ms so a healthy idle endpoint scores near 1.
   */
  score(now: number): number {
    if (this.coolingDown(now)) return 0;
    const latencyFactor = 1 / (1 + this.latencyMs / INITIAL_LATENCY_MS);
    const loadFactor = 1 / (1 + this.inFlight / 8);
    const probeFactor = this.needsProbe ? 0.5 : 1;
    return 2 * this.successRate * latencyFactor * loadFactor * probeFactor;
  }
}
