import type { DeliveredMessage } from "@pod/protocol";
import { McpServerError } from "./errors.js";

/** What pod_inbox reads from: the SDK's subscription, seen through what it relies on. */
export interface MessageSource extends AsyncIterable<DeliveredMessage> {
  close(): unknown;
}

export interface CollectOptions {
  /** Wait this long for a first message when none is pending. */
  waitMs: number;
  /** Stop after this many messages (the rest stay after the returned cursor). */
  max: number;
  /**
   * Once something arrived, stop when nothing more came for this long: messages after a
   * cursor arrive as one burst, and the reader should not sit out the whole wait after it.
   */
  quietMs: number;
  /**
   * The least time given to the backlog after connecting, when waitMs is shorter: the
   * replay must start before "nothing pending" means anything.
   */
  settleMs: number;
  /** Resolves when the subscription is connected (authenticated, replay starting). */
  connected?: Promise<unknown>;
  /** How long connecting may take. */
  connectTimeoutMs?: number;
}

/** The subscription did not connect in time (the service down or unreachable?). */
export class InboxConnectTimeoutError extends McpServerError {
  constructor(timeoutMs: number, cause?: unknown) {
    super("SUBSCRIPTION_UNAVAILABLE", `no subscription connection within ${timeoutMs} ms`, {
      details: { timeoutMs },
      ...(cause === undefined ? {} : { cause }),
    });
  }
}

const TIMEOUT = Symbol("timeout");
const CONNECTED = Symbol("connected");

function timer(ms: number, handle: { t?: NodeJS.Timeout }): Promise<typeof TIMEOUT> {
  return new Promise((resolve) => (handle.t = setTimeout(() => resolve(TIMEOUT), ms)));
}

/**
 * Reads up to `max` messages from `source` within the time rules above, then closes it. An
 * error from the source (auth failed, cursor invalid...) is thrown once nothing was read;
 * after messages were read it ends the read instead, so those messages are not lost.
 */
export async function collectMessages(
  source: MessageSource,
  opts: CollectOptions,
): Promise<DeliveredMessage[]> {
  const iterator = source[Symbol.asyncIterator]();
  const messages: DeliveredMessage[] = [];
  const handle: { t?: NodeJS.Timeout } = {};
  // One pending next() at a time: calling it again would skip a message.
  let pending: Promise<IteratorResult<DeliveredMessage>> | undefined = iterator.next();
  try {
    if (opts.connected) {
      const ms = opts.connectTimeoutMs ?? 10_000;
      const first = await Promise.race([
        opts.connected.then((): typeof CONNECTED => CONNECTED),
        pending,
        timer(ms, handle),
      ]).finally(() => clearTimeout(handle.t));
      if (first === TIMEOUT) throw new InboxConnectTimeoutError(ms);
      if (first !== CONNECTED) {
        pending = undefined;
        if (first.done) return messages;
        messages.push(first.value);
      }
    }
    const started = Date.now();
    const deadline = started + Math.max(opts.waitMs, opts.settleMs);
    let lastAt = started;
    while (messages.length < opts.max) {
      const until = messages.length === 0 ? deadline : Math.min(deadline, lastAt + opts.quietMs);
      const left = until - Date.now();
      if (left <= 0) break;
      pending ??= iterator.next();
      let next: IteratorResult<DeliveredMessage> | typeof TIMEOUT;
      try {
        next = await Promise.race([pending, timer(left, handle)]);
      } catch (error) {
        if (messages.length === 0) throw error;
        break;
      } finally {
        clearTimeout(handle.t);
      }
      if (next === TIMEOUT) break;
      pending = undefined;
      if (next.done) break;
      messages.push(next.value);
      lastAt = Date.now();
    }
  } finally {
    // A next() still pending settles (or rejects) on close; nobody reads it.
    pending?.catch(() => undefined);
    await Promise.resolve(source.close()).catch(() => undefined);
  }
  return messages;
}
