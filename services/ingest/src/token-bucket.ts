/** One agent's bucket as stored: tokens left at time `at` (unix ms). */
export interface BucketState {
  tokens: number;
  at: number;
}

export interface BucketRules {
  ratePerSec: number;
  burst: number;
}

export interface TakeResult {
  /** How many of the asked tokens were granted (in the order asked). */
  granted: number;
  /** The state to store; unchanged (same object) when nothing was granted. */
  next: BucketState;
  /** When the next token is due, for the ones refused. */
  retryAfterMs: number;
}

/**
 * Refills `state` up to `now` (an absent state is a full bucket) and takes up to `wanted`
 * whole tokens. A clock behind the stored `at` refills nothing rather than going back.
 */
export function takeTokens(
  state: BucketState | undefined,
  wanted: number,
  now: number,
  rules: BucketRules,
): TakeResult {
  const elapsedMs = state === undefined ? 0 : Math.max(0, now - state.at);
  const refilled =
    state === undefined
      ? rules.burst
      : Math.min(rules.burst, state.tokens + (elapsedMs * rules.ratePerSec) / 1000);
  const granted = Math.max(0, Math.min(wanted, Math.floor(refilled)));
  const left = refilled - granted;
  const retryAfterMs = left >= 1 ? 0 : Math.ceil(((1 - left) * 1000) / rules.ratePerSec);
  if (granted === 0 && state !== undefined) return { granted, next: state, retryAfterMs };
  return { granted, next: { tokens: left, at: Math.max(now, state?.at ?? now) }, retryAfterMs };
}
