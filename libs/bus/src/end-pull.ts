import type { ConsumerMessages } from "@nats-io/jetstream";

/** The subscription nats.js keeps for a pull; not part of its typed surface. */
interface PullSubscription {
  drain(): Promise<void>;
}

/**
 * Ends a pull without stranding what the server already sent for it, and resolves once the
 * server has dropped its subscription (or after `timeoutMs`, when the server cannot answer).
 * Every message sent before that is still yielded by the iterator, which then ends.
 *
 * `ConsumerMessages.stop()` unsubscribes locally at once: messages still on the wire are
 * dropped by the client unacked and come back only after ack_wait. Draining the pull's
 * subscription instead sends UNSUB and keeps delivering until the server answers the
 * following PING. The server checks a pull request's reply interest before each delivery
 * (no interest: "408 Interest Expired", request dropped), so nothing is sent after that,
 * neither for the open requests nor for refills the iterator still publishes.
 */
export async function endPull(messages: ConsumerMessages, timeoutMs: number): Promise<void> {
  const sub = (messages as unknown as { sub?: Partial<PullSubscription> }).sub;
  if (typeof sub?.drain === "function") {
    // A drain rejects when the connection or the subscription is closed: nothing can arrive.
    await within(sub.drain(), timeoutMs);
  }
  messages.stop();
}

/** Waits for `promise`, at most `ms`; never rejects. */
export async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  const settled = promise.then(
    () => undefined,
    () => undefined,
  );
  await Promise.race([settled, timeout]);
  clearTimeout(timer);
}
