import type { Consumer as JsConsumer } from "@nats-io/jetstream";

export interface WatchdogOptions {
  consumer: JsConsumer;
  intervalMs: number;
  stallMs: number;
  lastArrival(): number;
  /** All handler slots busy: silence is expected then. */
  saturated(): boolean;
  restart(reason: string): void;
  onError(error: unknown): void;
}

/**
 * Restarts a pull that went quiet while the server holds undelivered messages: consumers
 * were seen to stay silent after a reconnect or broker restart with work pending.
 */
export function startWatchdog(o: WatchdogOptions): { stop(): void } {
  let checking = false;
  const timer = setInterval(() => {
    if (checking || o.saturated() || Date.now() - o.lastArrival() < o.stallMs) return;
    checking = true;
    void o.consumer
      .info()
      .then((info) => {
        const maxAckPending = info.config.max_ack_pending ?? -1;
        // At max_ack_pending the server holds back on purpose: not a stall.
        const heldBack = maxAckPending > 0 && info.num_ack_pending >= maxAckPending;
        if (info.num_pending > 0 && !heldBack) o.restart("stalled_with_pending");
      })
      .catch(o.onError)
      .finally(() => {
        checking = false;
      });
  }, o.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
