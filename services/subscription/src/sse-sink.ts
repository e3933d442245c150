import type { ServerResponse } from "node:http";
import type { SubscriptionErrorCode } from "./errors.js";
import type { PreparedMessage } from "./prepare.js";
import type { Sink } from "./session.js";

/** An SSE response as a Sink; buffered bytes are the response's and its socket's. */
export class SseSink implements Sink {
  readonly transport = "sse" as const;
  #closed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly closeGraceMs: number,
  ) {
    res.once("close", () => (this.#closed = true));
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** A comment line: keeps proxies and idle timers from ending a quiet stream. */
  comment(text: string): void {
    if (!this.#closed) this.res.write(`: ${text}\n\n`);
  }

  write(message: PreparedMessage): void {
    if (!this.#closed) this.res.write(message.sseFrame);
  }

  bufferedBytes(): number {
    return this.res.writableLength;
  }

  whenBelow(bytes: number): Promise<void> {
    if (this.#closed || this.bufferedBytes() <= bytes) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!this.#closed && this.bufferedBytes() > bytes) return;
        this.res.off("drain", check);
        this.res.off("close", check);
        resolve();
      };
      this.res.on("drain", check);
      this.res.on("close", check);
    });
  }

  fail(code: SubscriptionErrorCode, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.res.end(`event: error\ndata: ${JSON.stringify({ code, reason })}\n\n`);
    // A client that stopped reading never takes the end: free the socket after the grace.
    const timer = setTimeout(() => this.res.socket?.destroy(), this.closeGraceMs);
    timer.unref();
    this.res.once("close", () => clearTimeout(timer));
  }
}
