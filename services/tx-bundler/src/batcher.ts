/**
 * Collects items and hands them on in batches: when `maxBatch` are waiting or `flushMs` after
 * the first one arrived, whichever comes first. The queue is bounded: `add` waits for room, so
 * a full bundler slows its consumer down instead of growing. Batches are handed on one at a
 * time, in arrival order; `close` hands on what is left.
 */
export interface BatcherOptions<T> {
  maxBatch: number;
  flushMs: number;
  maxQueue: number;
  /** Takes one batch; the next batch is handed on only after this resolves. */
  process(batch: T[]): Promise<void>;
  onError(error: unknown, batch: T[]): void;
}

export class Batcher<T> {
  readonly #queue: T[] = [];
  readonly #waiters: (() => void)[] = [];
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #busy = false;
  #closed = false;

  constructor(private readonly o: BatcherOptions<T>) {}

  get queued(): number {
    return this.#queue.length;
  }

  /** Queues `item`, waiting while the queue is full. */
  async add(item: T): Promise<void> {
    while (this.#queue.length >= this.o.maxQueue && !this.#closed) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    this.#queue.push(item);
    if (this.#queue.length >= this.o.maxBatch) this.#kick();
    else this.#timer ??= setTimeout(() => this.#kick(), this.o.flushMs);
  }

  /** Hands on everything queued, and resolves once all of it was processed. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const wake of this.#waiters.splice(0)) wake();
    while (this.#queue.length > 0 || this.#busy) {
      this.#kick();
      await this.#running;
    }
  }

  #kick(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#busy) return;
    const batch = this.#queue.splice(0, this.o.maxBatch);
    if (batch.length === 0) return;
    for (const wake of this.#waiters.splice(0, batch.length)) wake();
    this.#busy = true;
    this.#running = this.o
      .process(batch)
      .catch((error) => this.o.onError(error, batch))
      .finally(() => {
        this.#busy = false;
        // Whatever arrived meanwhile goes now if a batch is full, else on its timer.
        if (this.#queue.length >= this.o.maxBatch) this.#kick();
        else if (this.#queue.length > 0)
          this.#timer ??= setTimeout(() => this.#kick(), this.o.flushMs);
      });
  }
}
