import { WaitTimeoutError } from "./errors.js";

/** What remains of T once falsy values are ruled out. */
export type Truthy<T> = Exclude<T, false | 0 | 0n | "" | null | undefined>;

export interface WaitForOptions {
  /** Give up after this long. Default 10 s. */
  timeoutMs?: number;
  /** Pause between attempts. Default 25 ms. */
  intervalMs?: number;
  /** Named in the timeout error. */
  what?: string;
}

/**
 * Resolves with the first truthy value the predicate returns; a predicate that throws is
 * retried (its last error becomes the `cause`). Rejects with WaitTimeoutError at the deadline.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  opts: WaitForOptions = {},
): Promise<Truthy<T>> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const intervalMs = opts.intervalMs ?? 25;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;

  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as Truthy<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const cause = lastError === undefined ? undefined : { cause: lastError };
      throw new WaitTimeoutError(opts.what ?? "condition", timeoutMs, cause);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
