import type { SignatureStatus } from "@solana/web3.js";
import type { RpcPool } from "./rpc-pool.js";
import { heightAndStatuses } from "./signature-status.js";

/** What one poll saw: the block height, read first, then the signature's status. */
export interface Observation {
  height: number;
  status: SignatureStatus | null;
}

interface Request {
  signature: string;
  notBefore: number;
  resolve(observation: Observation): void;
  reject(error: unknown): void;
}

/** A request due this soon after a poll starts rides along with it. */
const COALESCE_MS = 25;

/**
 * Shared status polling for every transaction in flight on one pool: one getBlockHeight and
 * one getSignatureStatuses (per 256 signatures) per poll, however many are waiting, instead
 * of two calls per transaction per interval. A request is answered by a poll that starts
 * after it was made (so a send that preceded it is visible) and not before its notBefore.
 * While requests keep coming, polls run back to back; when none are due, nothing runs.
 */
export class SignatureWatcher {
  private pending: Request[] = [];
  private polling = false;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  constructor(private readonly pool: RpcPool) {}

  observe(signature: string, notBefore: number, signal?: AbortSignal): Promise<Observation> {
    return new Promise<Observation>((resolve, reject) => {
      const request: Request = { signature, notBefore, resolve, reject };
      if (signal) {
        if (signal.aborted) return reject(signal.reason);
        const onAbort = () => {
          this.pending = this.pending.filter((r) => r !== request);
          reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        request.resolve = (o) => {
          signal.removeEventListener("abort", onAbort);
          resolve(o);
        };
        request.reject = (e) => {
          signal.removeEventListener("abort", onAbort);
          reject(e);
        };
      }
      this.pending.push(request);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.polling || this.pending.length === 0) return;
    const due = Math.min(...this.pending.map((r) => r.notBefore));
    if (this.timer !== undefined && this.timerAt <= due) return;
    clearTimeout(this.timer);
    this.timerAt = due;
    this.timer = setTimeout(() => void this.poll(), Math.max(0, due - Date.now()));
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    this.timerAt = Infinity;
    this.polling = true;
    const startedAt = Date.now();
    const batch = this.pending.filter((r) => r.notBefore <= startedAt + COALESCE_MS);
    this.pending = this.pending.filter((r) => r.notBefore > startedAt + COALESCE_MS);
    try {
      if (batch.length === 0) return;
      const signatures = [...new Set(batch.map((r) => r.signature))];
      // Height before statuses, from one node: see settleSignature for why.
      const { height, statuses: found } = await heightAndStatuses(this.pool, signatures, false);
      const statuses = new Map<string, SignatureStatus | null>();
      signatures.forEach((signature, i) => statuses.set(signature, found[i] ?? null));
      for (const request of batch)
        request.resolve({ height, status: statuses.get(request.signature) ?? null });
    } catch (error) {
      for (const request of batch) request.reject(error);
    } finally {
      this.polling = false;
      this.schedule();
    }
  }
}

const watchers = new WeakMap<RpcPool, SignatureWatcher>();

/** The one watcher of a pool, so every sendAndConfirm on it shares the polls. */
export function watcherOf(pool: RpcPool): SignatureWatcher {
  let watcher = watchers.get(pool);
  if (watcher === undefined) {
    watcher = new SignatureWatcher(pool);
    watchers.set(pool, watcher);
  }
  return watcher;
}
