import type { NatsConnection } from "@nats-io/transport-node";

/** Whether a connection is up, and how many bytes it has not written to the socket yet. */
export interface ConnectionWatch {
  readonly connected: boolean;
  pendingBytes(): number;
  stop(): void;
}

/** The internals read by `pendingBytes`; absent fields count as nothing pending. */
interface ProtocolInternals {
  protocol?: {
    outbound?: { size(): number };
    transport?: { socket?: { writableLength?: number } };
  };
}

/**
 * Follows `nc.status()`: while disconnected, nats.js keeps whatever is published in memory
 * until it reconnects, so a publisher that must stay bounded has to know and stop publishing.
 */
export function connectionWatch(nc: NatsConnection): ConnectionWatch {
  let connected = !nc.isClosed();
  const status = nc.status() as AsyncIterable<{ type: string }> & { stop?: () => void };
  void (async () => {
    for await (const s of status) {
      if (s.type === "disconnect" || s.type === "close") connected = false;
      else if (s.type === "reconnect") connected = true;
    }
  })().catch(() => undefined);
  void nc.closed().then(() => void (connected = false));
  return {
    get connected() {
      return connected && !nc.isClosed();
    },
    pendingBytes() {
      // Not public API: nats.js exposes no pending-output figure. Read defensively.
      const p = (nc as unknown as ProtocolInternals).protocol;
      return (p?.outbound?.size() ?? 0) + (p?.transport?.socket?.writableLength ?? 0);
    },
    stop() {
      status.stop?.();
    },
  };
}
