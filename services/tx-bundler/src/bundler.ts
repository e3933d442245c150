import { sendAndConfirm, settleSignature, type RpcPool } from "@pod/chain";
import type { Logger } from "@pod/runtime";
import type { PublicKey } from "@solana/web3.js";
import { AccountLocks } from "./account-locks.js";
import { Batcher } from "./batcher.js";
import type { ChainState } from "./chain-state.js";
import type { ClaimEntry, Claims } from "./claims.js";
import type { BundlerConfig } from "./config.js";
import { BUNDLER_ERROR_CODES, BundlerRetryError } from "./errors.js";
import { confirmedEvent, failedEvent } from "./events.js";
import { landedCost, type Lander } from "./lander.js";
import type { BundlerMetrics } from "./metrics.js";
import { pack, type PackLimits } from "./packer.js";
import { deferred, type Outcome, type Pending, type Queued } from "./pending.js";
import { lockKeysOf, planRecord, readsChainToPlan, type LockKey } from "./plan/index.js";
import type { BundleRecord } from "./ready-record.js";
import { captureRecordTrace, startStep } from "./record-spans.js";

export interface BundlerDeps {
  pool: RpcPool;
  chain: ChainState;
  claims: Claims;
  lander: Lander;
  config: BundlerConfig;
  metrics: BundlerMetrics;
  log: Logger;
  authority: PublicKey;
  packLimits: Omit<PackLimits, "maxCompressed">;
}

/** How long a handler waits on a claim whose transaction may still land, before a nak. */
const PENDING_WAIT_MS = 20_000;
const PENDING_POLL_MS = 500;
/** Parked records are looked at again at least this often, whatever else happens. */
const PARKED_RECHECK_MS = 100;

/** The record's lock keys, derived on first use and kept with it. */
function keysOf(q: Queued): LockKey[] {
  return (q.keys ??= lockKeysOf(q.record));
}

/**
 * The bundler's core: a record's handler calls `handle` and publishes the outcome's event.
 * Records with a claim in the journal are settled from it (or from the chain); the others are
 * batched, planned, packed and handed to the lander, under account locks that keep records
 * touching the same account in stream order.
 */
export class Bundler {
  readonly #batcher: Batcher<Queued>;
  readonly #locks = new AccountLocks();
  readonly #landing = new Set<Promise<void>>();
  readonly #inProcess = new Map<string, Promise<Outcome>>();
  /**
   * Records whose plan must wait for a transaction in flight (a join for its channel's
   * creation): held here, out of the batcher, and looked at again when a landing ends, so
   * they neither take batch slots nor spin through the batcher.
   */
  #parked: Queued[] = [];
  /** Dispatches run one at a time (planning awaits the chain; locks are taken in order). */
  #serial: Promise<void> = Promise.resolve();
  #recheck: NodeJS.Timeout | undefined;
  #wakeQueued = false;
  #closed = false;

  constructor(private readonly d: BundlerDeps) {
    this.#batcher = new Batcher<Queued>({
      maxBatch: d.config.maxBatch,
      flushMs: d.config.flushMs,
      maxQueue: d.config.maxQueue,
      process: (batch) => this.#exclusive(() => this.#dispatch(batch)),
      onError: (error, batch) => {
        d.log.warn({ event: "batch_failed", records: batch.length, err: error }, "batch failed");
        const retry = new BundlerRetryError(BUNDLER_ERROR_CODES.chainUnavailable, String(error), {
          cause: error,
        });
        for (const q of batch) q.fail(retry);
      },
    });
  }

  get queued(): number {
    return this.#batcher.queued;
  }

  /** The outcome of `record`; rejects with a retryable error when it should come back later. */
  handle(record: BundleRecord): Promise<Outcome> {
    captureRecordTrace(record);
    // The same request twice in this process (a redelivery racing its first delivery).
    const running = this.#inProcess.get(record.requestKey);
    if (running) return running;
    const outcome = this.#admit(record).finally(() => this.#inProcess.delete(record.requestKey));
    this.#inProcess.set(record.requestKey, outcome);
    return outcome;
  }

  /** Hands on what is queued and waits for every transaction in flight. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#batcher.close();
    while (this.#landing.size > 0 || this.#parked.length > 0) {
      if (this.#landing.size === 0) this.#wake();
      await Promise.allSettled([...this.#landing, this.#serial]);
    }
    clearTimeout(this.#recheck);
  }

  #exclusive(work: () => Promise<void>): Promise<void> {
    const run = this.#serial.then(work);
    this.#serial = run.catch(() => undefined);
    return run;
  }

  /** Looks at the parked records again (after something landed), once per wake-up. */
  #wake(): void {
    if (this.#parked.length === 0 || this.#wakeQueued) return;
    this.#wakeQueued = true;
    this.#exclusive(async () => {
      this.#wakeQueued = false;
      await this.#dispatch([]);
    }).catch((error: unknown) =>
      this.d.log.warn({ event: "parked_dispatch_failed", err: error }, "parked records retried"),
    );
  }

  async #admit(record: BundleRecord): Promise<Outcome> {
    const deadline = Date.now() + PENDING_WAIT_MS;
    for (;;) {
      const entry = await this.d.claims.get(record.requestKey);
      if (!entry) return this.#submit(record, undefined);
      const settled = await this.#fromClaim(record, entry);
      if (settled !== "pending") return settled;
      if (Date.now() > deadline) {
        throw new BundlerRetryError(
          BUNDLER_ERROR_CODES.claimPending,
          `transaction ${entry.claim.signature} may still land`,
        );
      }
      await new Promise((r) => setTimeout(r, PENDING_POLL_MS));
    }
  }

  /**
   * What a claim says about `record`: its final event, or (for "sent") what the chain says
   * of the claimed transaction: landed (confirmed now), never landed and expired (sign a new
   * one, taking the claim over by its revision), or not yet known ("pending").
   */
  async #fromClaim(record: BundleRecord, entry: ClaimEntry): Promise<Outcome | "pending"> {
    const { claim } = entry;
    if (claim.state !== "sent") {
      if (claim.event && claim.state === "confirmed" && "signature" in claim.event) {
        return { type: "confirmed", event: claim.event };
      }
      if (claim.event && claim.state === "failed" && "code" in claim.event) {
        return { type: "failed", event: claim.event };
      }
      return this.#submit(record, entry.revision);
    }
    const signature = claim.signature!;
    const lastValid = claim.lastValidBlockHeight!;
    const status = await settleSignature(this.d.pool, signature, lastValid);
    if (status.status === "landed" && status.err === null) {
      return this.#confirmedFromClaim(record, entry, status.slot);
    }
    if (status.status !== "pending") {
      this.d.log.info(
        {
          event: "claim_reopened",
          request_key: record.requestKey,
          signature,
          status: status.status,
        },
        "claimed transaction did not apply: signing again",
      );
      return this.#submit(record, entry.revision);
    }
    // Its bytes are in the journal: rebroadcast them (the same signature cannot land twice).
    const sent = await this.d.claims.transaction(signature);
    if (sent) {
      await sendAndConfirm(this.d.pool, Buffer.from(sent.raw, "base64"), {
        signature,
        lastValidBlockHeight: sent.lastValidBlockHeight,
        pollMs: this.d.config.confirmPollMs,
      });
    }
    return "pending";
  }

  async #confirmedFromClaim(record: BundleRecord, entry: ClaimEntry, slot: number) {
    const { claim } = entry;
    const cost = await landedCost(this.d.pool, claim.signature!);
    const event = confirmedEvent(record, {
      signature: claim.signature!,
      slot,
      ...cost,
      rentLamports: claim.rentLamports ?? 0,
      leaves: claim.leaves ?? 0,
      bundleSize: claim.bundleSize ?? 1,
    });
    const final = { ...claim, state: "confirmed" as const, event, at: Date.now() };
    await this.d.claims.write(record.requestKey, final, entry.revision).catch(() => undefined);
    this.d.metrics.records("confirmed");
    return { type: "confirmed" as const, event };
  }

  #submit(record: BundleRecord, revision: number | undefined): Promise<Outcome> {
    if (this.#closed) {
      return Promise.reject(
        new BundlerRetryError(BUNDLER_ERROR_CODES.shuttingDown, "bundler is shutting down"),
      );
    }
    const d = deferred<Outcome>();
    void this.#batcher
      .add({ record, revision, settle: d.resolve, fail: d.reject })
      .catch((error: Error) => d.reject(error));
    return d.promise;
  }

  /** One batch: plan every record, pack, and start landing each group under its locks. */
  async #dispatch(batch: Queued[]): Promise<void> {
    // Parked records are earlier in the stream than this batch: they are ordered first.
    const parked = this.#parked;
    this.#parked = [];
    try {
      await this.#dispatchOrdered(parked, batch);
    } catch (error) {
      // The batch's own records are failed by the batcher; the parked ones are failed here.
      const retry = new BundlerRetryError(BUNDLER_ERROR_CODES.chainUnavailable, String(error), {
        cause: error,
      });
      for (const q of [...parked, ...this.#parked]) q.fail(retry);
      this.#parked = [];
      throw error;
    } finally {
      this.#scheduleRecheck();
    }
  }

  /** Safety net: a parked record whose blocker settled without landing is not forgotten. */
  #scheduleRecheck(): void {
    if (this.#parked.length === 0 || this.#recheck !== undefined) return;
    this.#recheck = setTimeout(() => {
      this.#recheck = undefined;
      this.#wake();
    }, PARKED_RECHECK_MS);
    this.#recheck.unref();
  }

  async #dispatchOrdered(parked: Queued[], batch: Queued[]): Promise<void> {
    const protocol = await this.d.chain.protocol();
    if (!protocol) {
      throw new BundlerRetryError(
        BUNDLER_ERROR_CODES.protocolMissing,
        "the protocol is not initialized on chain",
      );
    }
    const { ready, later } = this.#order([...parked, ...batch]);
    this.#parked = later;
    const ctx = { chain: this.d.chain, authority: this.d.authority, protocol, now: Date.now() };
    // A plan that could not be made (the chain did not answer a read) is retried later,
    // never blamed on the record.
    const planAt = Date.now();
    const planned = await Promise.all(
      ready.map((q) =>
        planRecord(q.record, ctx).catch((error: unknown) => {
          const reason = error instanceof Error ? error.message : String(error);
          this.d.metrics.records("retried");
          q.fail(
            new BundlerRetryError(BUNDLER_ERROR_CODES.chainUnavailable, reason, { cause: error }),
          );
          return undefined;
        }),
      ),
    );
    if (ready.length > 0) this.d.metrics.stage("plan", Date.now() - planAt);
    const pending: Pending[] = [];
    for (const [i, q] of ready.entries()) {
      const p = planned[i];
      if (p === undefined) continue;
      if (p.type === "plan") pending.push({ ...q, plan: p.plan });
      else if (p.type === "refused") {
        this.d.metrics.records("failed");
        q.settle({ type: "failed", event: failedEvent(q.record, p.code, p.reason) });
      } else this.#track(this.#applied(q, p.target));
    }
    const { groups, oversized } = pack(pending, {
      ...this.d.packLimits,
      maxCompressed: protocol.maxBatch,
    });
    for (const p of oversized) {
      this.d.metrics.records("failed");
      p.settle({
        type: "failed",
        event: failedEvent(p.record, "TX_TOO_LARGE", "the record does not fit one transaction"),
      });
    }
    for (const group of groups) {
      // From the record's hand-over to its group: batching, planning and packing.
      startStep("pack", group, {}, { fromQueued: true }).end();
      // Granted in this order, so stream order holds for records that share an account.
      const held = this.#locks.acquire(group.flatMap((p) => keysOf(p)));
      this.#track(this.d.lander.land(group, held));
    }
  }

  /**
   * Splits a batch into records to plan now and records to plan later: one whose plan reads
   * the chain waits while an account it touches has a transaction in flight or an earlier
   * record of this batch writes it (it must see that effect); whatever touches the accounts
   * of a waiting record waits behind it, to keep stream order.
   */
  #order(batch: Queued[]): { ready: Queued[]; later: Queued[] } {
    const written = new Set<string>();
    /** Keys of waiting records: true when one of them writes it. */
    const waiting = new Map<string, boolean>();
    const ready: Queued[] = [];
    const later: Queued[] = [];
    for (const q of batch) {
      const keys = keysOf(q);
      const blocked =
        // Behind a waiting record that it conflicts with (either side writes the account).
        keys.some((k) => waiting.has(k.key) && (k.write || waiting.get(k.key))) ||
        // Only writers change what a plan reads; readers in flight do not.
        (readsChainToPlan(q.record) &&
          (this.#locks.writeHeld(keys.map((k) => k.key)) || keys.some((k) => written.has(k.key))));
      if (blocked) {
        later.push(q);
        for (const k of keys) waiting.set(k.key, (waiting.get(k.key) ?? false) || k.write);
        continue;
      }
      ready.push(q);
      for (const k of keys) if (k.write) written.add(k.key);
    }
    return { ready, later };
  }

  async #applied(q: Queued, target: PublicKey): Promise<void> {
    try {
      const shown = await this.d.lander.alreadyApplied(q, target);
      if (!shown) {
        q.settle({
          type: "failed",
          event: failedEvent(
            q.record,
            "NOT_APPLIED",
            "the effect is on chain but no transaction shows it",
          ),
        });
      }
    } catch (error) {
      q.fail(
        new BundlerRetryError(BUNDLER_ERROR_CODES.chainUnavailable, String(error), {
          cause: error,
        }),
      );
    }
  }

  #track(work: Promise<void>): void {
    this.#landing.add(work);
    void work.finally(() => {
      this.#landing.delete(work);
      // Its locks are released: a parked record may be plannable now.
      this.#wake();
    });
  }
}
