import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import { createInbox } from "@nats-io/transport-node";
import { ingestVerdict, type IngestVerdict } from "@pod/protocol";
import { ClientClosedError, VerdictTimeoutError } from "./errors.js";

interface Pending {
  resolve(verdict: IngestVerdict): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * The client's inbox for ingest's verdicts: one subscription on `<inbox>.*`, one reply
 * subject per publish (`<inbox>.<n>`), so verdicts are matched without parsing anything.
 */
export class VerdictInbox {
  private readonly prefix = createInbox();
  private readonly pending = new Map<string, Pending>();
  private readonly sub: Subscription;
  private next = 0;

  constructor(nc: NatsConnection) {
    this.sub = nc.subscribe(`${this.prefix}.*`, {
      callback: (error, msg) => {
        if (error) return;
        const waiting = this.pending.get(msg.subject);
        if (!waiting) return;
        let verdict: IngestVerdict;
        try {
          verdict = ingestVerdict.parse(msg.json());
        } catch {
          return; // not a verdict: keep waiting for the real one or the timeout
        }
        this.pending.delete(msg.subject);
        clearTimeout(waiting.timer);
        waiting.resolve(verdict);
      },
    });
  }

  /**
   * A fresh reply subject and the promise of its verdict, armed before the request is
   * published so that no answer can arrive unseen. `cancel` when the publish failed.
   */
  expect(
    timeoutMs: number,
    requestKey?: string,
  ): { subject: string; verdict: Promise<IngestVerdict>; cancel(): void } {
    const subject = `${this.prefix}.${++this.next}`;
    const verdict = new Promise<IngestVerdict>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(subject);
        reject(new VerdictTimeoutError(requestKey, timeoutMs));
      }, timeoutMs);
      this.pending.set(subject, { resolve, reject, timer });
    });
    return {
      subject,
      verdict,
      cancel: () => {
        const waiting = this.pending.get(subject);
        if (!waiting) return;
        clearTimeout(waiting.timer);
        this.pending.delete(subject);
        verdict.catch(() => undefined);
        waiting.reject(new ClientClosedError());
      },
    };
  }

  close(): void {
    for (const [subject, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      this.pending.delete(subject);
      waiting.reject(new ClientClosedError());
    }
    this.sub.unsubscribe();
  }
}
