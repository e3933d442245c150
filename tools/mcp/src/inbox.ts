import type { DeliveredMessage } from "@pod/protocol";

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
   * The least time given to the backlog when waitMs is shorter: the subscription must
   * connect, authenticate and replay before "nothing pending" means anything.
   */
  settleMs: number;
}

const TIMEOUT = Symbol("timeout");

/**
 * Reads up to `max` messages from `source` within the time rules above, then closes it. An
 * error from the source (auth failed, cursor invalid...) is thrown once nothing was read;
 * after messages were read it ends the read instead, so those messages are not lost.
 */
export async function collectMessages(
  source: MessageSource,
  opts: CollectOptions,
): Promise<DeliveredMessage[]> {
  const started = Date.now();
  const deadline = started + Math.max(opts.waitMs, opts.settleMs);
  const iterator = source[Symbol.asyncIterator]();
  const messages: DeliveredMessage[] = [];
  let lastAt = started;
  let timer: NodeJS.Timeout | undefined;
  // One pending next() at a time: calling it again would skip a message.
  let pending: Promise<IteratorResult<DeliveredMessage>> | undefined;
  try {
    while (messages.length < opts.max) {
      const until = messages.length === 0 ? deadline : Math.min(deadline, lastAt + opts.quietMs);
      const left = until - Date.now();
      if (left <= 0) break;
      pending ??= iterator.next();
      const timeout = new Promise<typeof TIMEOUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMEOUT), left);
      });
      let next: IteratorResult<DeliveredMessage> | typeof TIMEOUT;
      try {
        next = await Promise.race([pending, timeout]);
      } catch (error) {
        if (messages.length === 0) throw error;
        break;
      } finally {
        clearTimeout(timer);
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
