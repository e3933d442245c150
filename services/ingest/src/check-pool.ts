import { Worker } from "node:worker_threads";
import { TransientError } from "@pod/bus";
import { PodError, type SignedRequest } from "@pod/protocol";
import type { Logger } from "@pod/runtime";
import { checkRequest } from "./check-request.js";
import type { IngestLimits } from "./config.js";

export interface CheckJob {
  id: number;
  subject: string;
  bytes: Uint8Array;
  now: number;
}

export type CheckAnswer =
  | { id: number; ok: true }
  | { id: number; ok: false; code?: string; message: string; details?: Record<string, unknown> };

interface Pending {
  worker: Worker;
  bytes: Uint8Array;
  resolve(request: SignedRequest): void;
  reject(error: unknown): void;
}

const decoder = new TextDecoder();

/** Not the request's fault: its message is retried (and checked inline once no worker is left). */
function workerLost(message: string, cause?: unknown): TransientError {
  return new TransientError(message, { code: "CHECK_WORKER_LOST", cause });
}

/**
 * Runs checks 1-4 on worker threads, so that parsing and signature checks (a quarter of
 * ingest's CPU) use another core while this thread does the NATS round trips. With no
 * workers, or when they cannot start, the checks run inline.
 */
export class CheckPool {
  readonly #workers: Worker[] = [];
  readonly #pending = new Map<number, Pending>();
  #next = 0;
  #turn = 0;

  private constructor(
    private readonly limits: IngestLimits,
    private readonly log: Logger,
  ) {}

  static async start(limits: IngestLimits, size: number, log: Logger): Promise<CheckPool> {
    const pool = new CheckPool(limits, log);
    for (let i = 0; i < size; i++) {
      const worker = await pool.#spawn().catch((error: unknown) => {
        log.warn({ event: "check_worker_failed", err: error }, "checks run inline");
        return undefined;
      });
      if (worker === undefined) break;
      pool.#workers.push(worker);
    }
    return pool;
  }

  get workers(): number {
    return this.#workers.length;
  }

  /** The request in `bytes` once checks 1-4 pass; else their typed error. */
  check(subject: string, bytes: Uint8Array, now: number): Promise<SignedRequest> {
    if (this.#workers.length === 0) {
      return Promise.resolve().then(() => checkRequest(subject, bytes, this.limits, now));
    }
    const id = this.#next++;
    const worker = this.#workers[this.#turn++ % this.#workers.length]!;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { worker, bytes, resolve, reject });
      worker.postMessage({ id, subject, bytes, now } satisfies CheckJob);
    });
  }

  async stop(): Promise<void> {
    const workers = this.#workers.splice(0);
    await Promise.all(workers.map((w) => w.terminate()));
    for (const p of this.#pending.values()) p.reject(workerLost("the check pool stopped"));
    this.#pending.clear();
  }

  async #spawn(): Promise<Worker> {
    // Loaders registered in this thread do not reach a worker: it registers tsx itself before
    // importing the TypeScript entry.
    const tsx = import.meta.resolve("tsx/esm/api");
    const entry = new URL("./check-worker.ts", import.meta.url).href;
    const bootstrap =
      `import(${JSON.stringify(tsx)}).then((api) => api.register())` +
      `.then(() => import(${JSON.stringify(entry)}))`;
    const worker = new Worker(bootstrap, { eval: true, workerData: this.limits });
    // Ready once its first message says its modules loaded: a worker that cannot load them
    // fails here, before any job was given to it.
    return new Promise((ready, failed) => {
      const fail = (error: unknown) => {
        void worker.terminate();
        failed(error);
      };
      worker.once("message", () => {
        worker.off("error", fail);
        worker.off("exit", fail);
        worker.on("message", (answer: CheckAnswer) => this.#settle(answer));
        worker.on("error", (error) => this.#lost(worker, error));
        ready(worker);
      });
      worker.once("error", fail);
      worker.once("exit", fail);
    });
  }

  #settle(answer: CheckAnswer): void {
    const pending = this.#pending.get(answer.id);
    if (pending === undefined) return;
    this.#pending.delete(answer.id);
    if (answer.ok) {
      // The worker checked these very bytes (no repeated keys): parsing them again here gives
      // the same object, cheaper than cloning the worker's copy across threads.
      pending.resolve(JSON.parse(decoder.decode(pending.bytes)) as SignedRequest);
    } else if (answer.code !== undefined) {
      pending.reject(new PodError(answer.code, answer.message, { details: answer.details ?? {} }));
    } else {
      pending.reject(new Error(answer.message));
    }
  }

  /** A crashed worker's jobs fail as transient (their messages are retried); the rest carry on. */
  #lost(worker: Worker, error: unknown): void {
    this.log.error({ event: "check_worker_crashed", err: error }, "check worker crashed");
    const i = this.#workers.indexOf(worker);
    if (i >= 0) this.#workers.splice(i, 1);
    const lost = workerLost(`a check worker crashed: ${String(error)}`, error);
    for (const [id, p] of this.#pending) {
      if (p.worker !== worker) continue;
      p.reject(lost);
      this.#pending.delete(id);
    }
  }
}
