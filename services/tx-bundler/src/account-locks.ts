import type { LockKey } from "./plan/index.js";

interface KeyState {
  /** The last writer registered on the key (resolved once it released). */
  write: Promise<void>;
  /** Readers registered since that writer. */
  reads: Promise<void>[];
  holders: number;
  /** Holders that write the key and have not released yet. */
  writers: number;
}

export interface Held {
  /** Resolves once every earlier holder of a conflicting lock released. */
  ready: Promise<void>;
  release(): void;
}

const RELEASED = Promise.resolve();

/**
 * Read/write locks on account addresses, granted in the order they were asked for: a writer
 * waits for everyone before it, a reader for the writers before it. Transactions in flight
 * land in any order, so this keeps records that touch the same account in stream order
 * while unrelated ones go in parallel.
 */
export class AccountLocks {
  readonly #keys = new Map<string, KeyState>();

  acquire(keys: readonly LockKey[]): Held {
    const wanted = new Map<string, boolean>();
    for (const k of keys) wanted.set(k.key, (wanted.get(k.key) ?? false) || k.write);
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const waits: Promise<void>[] = [];
    for (const [key, write] of wanted) {
      const state = this.#keys.get(key) ?? { write: RELEASED, reads: [], holders: 0, writers: 0 };
      state.holders++;
      if (write) {
        state.writers++;
        waits.push(state.write, ...state.reads);
        state.write = done;
        state.reads = [];
      } else {
        waits.push(state.write);
        state.reads.push(done);
      }
      this.#keys.set(key, state);
    }
    let released = false;
    return {
      ready: Promise.all(waits).then(() => undefined),
      release: () => {
        if (released) return;
        released = true;
        release();
        for (const [key, write] of wanted) {
          const state = this.#keys.get(key);
          if (!state) continue;
          if (write) state.writers--;
          if (--state.holders === 0) this.#keys.delete(key);
        }
      },
    };
  }

  /** Resolves once everything registered so far on `keys` released. */
  idle(keys: readonly string[]): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const key of keys) {
      const state = this.#keys.get(key);
      if (state) waits.push(state.write, ...state.reads);
    }
    return Promise.all(waits).then(() => undefined);
  }

  /** Whether any of `keys` has a holder now. */
  held(keys: readonly string[]): boolean {
    return keys.some((k) => this.#keys.has(k));
  }

  /** Whether any of `keys` has a writer that has not released: its effect may still change it. */
  writeHeld(keys: readonly string[]): boolean {
    return keys.some((k) => (this.#keys.get(k)?.writers ?? 0) > 0);
  }

  /** Accounts with a holder now (for tests and metrics). */
  get size(): number {
    return this.#keys.size;
  }
}
