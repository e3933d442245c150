import type { RecordConfirmedEvent, RecordFailedEvent } from "@pod/protocol";
import type { LockKey, Plan } from "./plan/index.js";
import type { BundleRecord } from "./ready-record.js";

/** How a record ended: the event its handler publishes before acking. */
export type Outcome =
  { type: "confirmed"; event: RecordConfirmedEvent } | { type: "failed"; event: RecordFailedEvent };

/** A record on its way to the chain; settled exactly once (outcome) or failed (retried). */
export interface Pending {
  record: BundleRecord;
  plan: Plan;
  /** Revision of the record's claim in the journal; undefined while it has none. */
  revision: number | undefined;
  /** The accounts it touches, derived once (a PDA derivation costs milliseconds). */
  keys?: LockKey[];
  settle(outcome: Outcome): void;
  fail(error: Error): void;
}

/** A record waiting in the batcher, before it is planned. */
export interface Queued {
  record: BundleRecord;
  revision: number | undefined;
  keys?: LockKey[];
  settle(outcome: Outcome): void;
  fail(error: Error): void;
}

/** A promise with its resolvers, settled at most once. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  let done = false;
  return {
    promise,
    resolve: (value: T) => {
      if (done) return;
      done = true;
      resolve(value);
    },
    reject: (error: Error) => {
      if (done) return;
      done = true;
      reject(error);
    },
  };
}
