import type { WebSocket } from "ws";
import { CLOSE_CODES, closeReason, type SubscriptionErrorCode } from "./errors.js";
import type { PreparedMessage } from "./prepare.js";
import type { Sink } from "./session.js";

/**
 * A WebSocket as a Sink. Buffered bytes are counted here, from each send to its write callback,
 * rather than read from `bufferedAmount`, which reads 0 for a write that went straight to the
 * socket even when the kernel has not taken it.
 */
export class WsSink implements Sink {
  readonly transport = "ws" as const;
  #buffered = 0;
  #waiters: { bytes: number; resolve: () => void }[] = [];
  #closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly closeGraceMs: number,
  ) {
    ws.once("close", () => {
      this.#closed = true;
      this.#wake(true);
    });
  }

  /** Sends a control frame of the protocol (challenge, ready) as JSON. */
  sendJson(value: unknown): void {
    this.#send(JSON.stringify(value));
  }

  write(message: PreparedMessage): void {
    this.#send(message.wsFrame);
  }

  bufferedBytes(): number {
    return Math.max(this.#buffered, this.ws.bufferedAmount);
  }

  whenBelow(bytes: number): Promise<void> {
    if (this.#closed || this.bufferedBytes() <= bytes) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ bytes, resolve }));
  }

  fail(code: SubscriptionErrorCode, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.ws.readyState === this.ws.OPEN) {
      this.ws.send(JSON.stringify({ type: "error", code, reason }));
      this.ws.close(CLOSE_CODES[code], closeReason(code, reason));
    }
    // A client that does not read never answers the close: free its buffers after the grace.
    const timer = setTimeout(() => this.ws.terminate(), this.closeGraceMs);
    timer.unref();
    this.ws.once("close", () => clearTimeout(timer));
    this.#wake(true);
  }

  #send(frame: string | Buffer): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    const bytes = typeof frame === "string" ? Buffer.byteLength(frame) : frame.length;
    this.#buffered += bytes;
    this.ws.send(frame, { binary: false }, () => {
      this.#buffered -= bytes;
      this.#wake(false);
    });
  }

  #wake(all: boolean): void {
    if (this.#waiters.length === 0) return;
    const buffered = this.bufferedBytes();
    this.#waiters = this.#waiters.filter((w) => {
      if (!all && buffered > w.bytes) return true;
      w.resolve();
      return false;
    });
  }
}
