import {
  programErrorOf,
  sendAndConfirm,
  simulate,
  transactionCost,
  type BlockhashCache,
  type FeePayers,
  type RpcPool,
} from "@pod/chain";
import { toBase58 } from "@pod/protocol";
import { TRACE_ATTR, type Logger } from "@pod/runtime";
import type { AddressLookupTableAccount, Keypair, PublicKey } from "@solana/web3.js";
import type { Held } from "./account-locks.js";
import type { ChainState } from "./chain-state.js";
import type { Claim, Claims } from "./claims.js";
import type { BundlerConfig } from "./config.js";
import { codeOfName, verdictOf } from "./error-policy.js";
import { BUNDLER_ERROR_CODES, BundlerRetryError } from "./errors.js";
import { confirmedEvent, failedEvent, type LandedTx } from "./events.js";
import type { BundlerMetrics } from "./metrics.js";
import type { Pending } from "./pending.js";
import { startStep, type StepSpans } from "./record-spans.js";
import { reasonFor } from "./refusals.js";
import { Slots } from "./semaphore.js";
import { SimulationCache } from "./simulation-cache.js";
import { buildTransaction, MAX_COMPUTE_UNITS, type BuiltTx } from "./tx-build.js";

export interface LanderDeps {
  pool: RpcPool;
  blockhashes: BlockhashCache;
  feePayers: FeePayers;
  authority: Keypair;
  claims: Claims;
  chain: ChainState;
  config: BundlerConfig;
  metrics: BundlerMetrics;
  log: Logger;
  stateTree: PublicKey;
  lookupTable: AddressLookupTableAccount | undefined;
  instance: string;
}

/** A record with its place in the journal. */
type Claimable = Pick<Pending, "record" | "revision" | "settle">;

/** A group that simulated cleanly, with what it consumed. */
interface Simulated {
  entries: Pending[];
  units: number;
  /** Set when the units came from the simulation cache under this shape. */
  cachedShape?: string;
}

/** The runtime ran out of the compute the transaction asked for. */
const isBudgetError = (err: unknown) =>
  /ComputationalBudgetExceeded|ProgramFailedToComplete/.test(JSON.stringify(err));

/** Transaction-level errors: nothing about any one record, so the whole group is retried. */
const isTxLevel = (err: unknown) =>
  typeof err === "string" ||
  (typeof err === "object" && err !== null && !("InstructionError" in err));

/**
 * Lands groups of records: simulates (splitting a failing group until the bad records are
 * isolated and settled), sets compute units, signs with the authority and a rotating fee
 * payer, writes every record's claim BEFORE sending, sends and confirms, re-signs after an
 * expiry, and settles each record with its event. At most maxInFlight groups at once.
 */
export class Lander {
  readonly #slots: Slots;
  readonly #simulations = new SimulationCache();

  constructor(private readonly d: LanderDeps) {
    this.#slots = new Slots(d.config.maxInFlight);
  }

  get inFlight(): number {
    return this.#slots.used;
  }

  /** Lands `group` once `held` is granted; settles or fails every record, never throws. */
  async land(group: Pending[], held: Held): Promise<void> {
    try {
      const askedAt = Date.now();
      await held.ready;
      const lockedAt = Date.now();
      this.d.metrics.stage("lock_wait", lockedAt - askedAt);
      await this.#slots.acquire();
      this.d.metrics.stage("slot_wait", Date.now() - lockedAt);
      try {
        const simulating = startStep("simulate", group);
        let simulated: Simulated[];
        try {
          simulated = await this.#simulateSplit(group);
          simulating.end();
        } catch (error) {
          simulating.fail(error);
          throw error;
        }
        for (const ok of simulated) await this.#send(ok);
      } finally {
        this.#slots.release();
      }
    } catch (error) {
      const retry =
        error instanceof Error ? error : new BundlerRetryError("LAND_FAILED", String(error));
      this.d.log.warn({ event: "group_retry", records: group.length, err: error }, retry.message);
      for (const p of group) {
        this.d.metrics.records("retried");
        p.fail(retry);
      }
    } finally {
      held.release();
    }
  }

  #shape(payer: PublicKey, blockhash: string, computeUnits: number | undefined) {
    return {
      payer,
      authority: this.d.authority.publicKey,
      blockhash,
      stateTree: this.d.stateTree,
      computeUnits: this.d.config.setComputeUnitLimit ? computeUnits : undefined,
      microLamportsPerUnit: this.d.config.priorityFeeMicroLamports,
      lookupTable: this.d.lookupTable,
    };
  }

  #build(entries: Pending[], payer: PublicKey, blockhash: string, units: number | undefined) {
    return buildTransaction(
      entries.map((p) => p.plan),
      this.#shape(payer, blockhash, units),
    );
  }

  /** The groups of `entries` that simulate cleanly; the others are settled on the way. */
  async #simulateSplit(entries: Pending[], fresh = false): Promise<Simulated[]> {
    if (entries.length === 0) return [];
    const shape = this.d.config.simulationCache ? this.#simulations.shapeOf(entries) : undefined;
    const known = fresh ? undefined : this.#simulations.get(shape);
    if (known !== undefined) {
      this.d.metrics.simulations("cached");
      return [{ entries, units: known, cachedShape: shape }];
    }
    const { blockhash } = await this.d.blockhashes.get();
    const payer = this.d.feePayers.all()[0]!.publicKey;
    const built = this.#build(entries, payer, blockhash, MAX_COMPUTE_UNITS);
    const simulatedAt = Date.now();
    const report = await simulate(this.d.pool, built.tx);
    const ms = Date.now() - simulatedAt;
    this.d.metrics.stage("simulate", ms);
    this.d.log.debug({ event: "simulated", records: entries.length, ms });
    if (report.err === null) {
      this.d.metrics.simulations("ok");
      this.#simulations.remember(shape, report.unitsConsumed);
      return [{ entries, units: report.unitsConsumed }];
    }
    this.d.metrics.simulations("failed");
    this.d.log.debug(
      { event: "simulation_failed", records: entries.length, err: report.err },
      "simulation failed",
    );
    return this.#isolate(entries, built, report.err, report.logs);
  }

  /**
   * After a failure of `built`: a program error of a record's own instruction settles that
   * record and the rest go on; otherwise the group is halved until single records fail.
   */
  async #isolate(
    entries: Pending[],
    built: BuiltTx,
    err: unknown,
    logs: string[],
  ): Promise<Simulated[]> {
    const perr = programErrorOf(err);
    const owners = perr ? (built.owners[perr.instructionIndex] ?? []) : [];
    if (perr && owners.length === 1) {
      const bad = entries[owners[0]!]!;
      await this.#refuse(bad, perr.code, logs);
      return this.#simulateSplit(entries.filter((p) => p !== bad));
    }
    if (isTxLevel(err)) {
      throw new BundlerRetryError(
        BUNDLER_ERROR_CODES.simulationFailed,
        `transaction refused as a whole: ${JSON.stringify(err)}`,
      );
    }
    if (entries.length === 1) {
      const only = entries[0]!;
      if (perr) {
        await this.#refuse(only, perr.code, logs);
      } else if (isBudgetError(err)) {
        // Our compute limit, not the record: simulated again on its next delivery.
        this.d.metrics.records("retried");
        only.fail(new BundlerRetryError("COMPUTE_EXCEEDED", JSON.stringify(err)));
      } else {
        this.d.metrics.records("failed");
        const reason = `the chain refused the instruction: ${JSON.stringify(err)}`;
        const event = failedEvent(only.record, "INSTRUCTION_FAILED", reason);
        only.settle({ type: "failed", event });
        await this.#writeFinal(only, { state: "failed", event });
      }
      return [];
    }
    const mid = Math.ceil(entries.length / 2);
    return [
      ...(await this.#simulateSplit(entries.slice(0, mid))),
      ...(await this.#simulateSplit(entries.slice(mid))),
    ];
  }

  /** Settles (or retries) a record the program refused with `code`. */
  async #refuse(p: Pending, code: number, logs: string[]): Promise<void> {
    const verdict = verdictOf(p.record.op, code);
    this.d.log.info(
      { event: "record_refused", request_key: p.record.requestKey, op: p.record.op, verdict },
      `chain refused ${p.record.op}: ${verdict.name}`,
    );
    if (verdict.kind === "transient") {
      this.d.metrics.records("retried");
      p.fail(new BundlerRetryError(verdict.name, `${verdict.name}: ${verdict.reason}`));
      return;
    }
    if (verdict.kind === "applied" && p.plan.kind === "instruction") {
      if (await this.alreadyApplied(p, p.plan.target)) return;
    }
    // An "applied" error whose effect is not this request's (a same-named channel of another
    // creator) is a refusal under the error's own name.
    const code_ = verdict.kind === "permanent" ? verdict.code : codeOfName(verdict.name);
    const reason = reasonFor(
      p.record,
      verdict.name,
      verdict.kind === "permanent" ? verdict.reason : verdict.name,
      logs,
    );
    this.d.metrics.records("failed");
    const event = failedEvent(p.record, code_, reason);
    p.settle({ type: "failed", event });
    await this.#writeFinal(p, { state: "failed", event });
  }

  /**
   * The effect is on chain already: the confirmed event names the newest transaction that
   * touched the target account. A channel of the same name made by someone else is not this
   * request's effect. Returns false when it cannot be shown (the caller fails the record).
   */
  async alreadyApplied(p: Claimable, target: PublicKey): Promise<boolean> {
    if (p.record.op === "create_channel") {
      const channel = await this.d.chain.decoded("Channel", target);
      const creator = (channel?.creator as PublicKey | undefined)?.toBase58();
      if (creator !== p.record.agent) return false;
    }
    if (p.record.op === "register_agent") {
      // Only this request's own registration counts: the account stores its commitment. An
      // agent registering again with another body is refused, not told its new data landed.
      const account = await this.d.chain.decoded("Agent", target);
      const stored = account?.commitment as number[] | Uint8Array | undefined;
      if (!stored || Buffer.from(stored).toString("hex") !== p.record.ready.commitment) {
        return false;
      }
    }
    const earlier = await this.d.chain.latestSignatureOf(target);
    if (!earlier) return false;
    const event = confirmedEvent(p.record, {
      signature: earlier.signature,
      slot: earlier.slot,
      computeUnits: 0,
      feeLamports: 0,
      rentLamports: 0,
      leaves: 0,
      bundleSize: 1,
      alreadyApplied: true,
    });
    await this.#writeFinal(p, { state: "confirmed", event });
    this.d.metrics.records("already_applied");
    p.settle({ type: "confirmed", event });
    return true;
  }

  /**
   * The compute limit for a transaction that simulated at `units`: the margin in percent or
   * the per-record floor, whichever is larger (a landed append can cost more than its
   * simulation: the tree moved on between the two), plus 1,000.
   */
  #limitFor(units: number, records: number): number {
    const byMargin = Math.ceil(units * (1 + this.d.config.cuMarginPercent / 100));
    const byFloor = units + this.d.config.cuPerRecordFloor * records;
    return Math.min(MAX_COMPUTE_UNITS, Math.max(byMargin, byFloor) + 1_000);
  }

  /** Signs, claims, sends and confirms one simulated group (re-signing after expiries). */
  async #send(simulated: Simulated): Promise<void> {
    const { entries, units, cachedShape } = simulated;
    const limit = this.#limitFor(units, entries.length);
    let live = entries;
    let attempts = 0;
    while (live.length > 0) {
      if (attempts++ >= this.d.config.sendAttempts) {
        throw new BundlerRetryError(
          BUNDLER_ERROR_CODES.sendExhausted,
          `transaction did not land in ${this.d.config.sendAttempts} attempts`,
        );
      }
      const payer = this.d.feePayers.next();
      const { blockhash, lastValidBlockHeight } = await this.d.blockhashes.get();
      const signAt = Date.now();
      const attempt = { [TRACE_ATTR.attempt]: attempts };
      const signing = startStep("sign", live, {
        ...attempt,
        [TRACE_ATTR.feePayer]: payer.publicKey.toBase58(),
        [TRACE_ATTR.computeUnitLimit]: limit,
      });
      let built: BuiltTx, raw: Uint8Array, signature: string;
      try {
        built = this.#build(live, payer.publicKey, blockhash, limit);
        built.tx.sign([payer, this.d.authority]);
        raw = built.tx.serialize();
        signature = toBase58(built.tx.signatures[0]!);
      } catch (error) {
        signing.fail(error);
        throw error;
      }
      signing.end({ [TRACE_ATTR.txSignature]: signature });
      this.d.metrics.stage("sign", Date.now() - signAt);
      const costs = await this.#costs(live);
      const claim: Claim = {
        state: "sent",
        signature,
        blockhash,
        lastValidBlockHeight,
        bundleSize: live.length,
        rentLamports: costs.rentLamports,
        leaves: built.leaves,
        instance: this.d.instance,
        at: Date.now(),
      };
      const claimedAt = Date.now();
      // Send: the claims and the signed bytes journaled, which must precede the broadcast.
      const sending = startStep("send", live, { ...attempt, [TRACE_ATTR.txSignature]: signature });
      const lost = await this.#claim(live, claim).catch((error: unknown) => {
        sending.fail(error);
        throw error;
      });
      if (lost.length > 0) {
        sending.end({ [TRACE_ATTR.sendStatus]: "claim_conflict" });
        // Another instance holds these: they go back to their handlers, the rest is re-signed.
        for (const p of lost) {
          this.d.metrics.records("retried");
          p.fail(
            new BundlerRetryError(
              BUNDLER_ERROR_CODES.claimConflict,
              "claimed by another transaction",
            ),
          );
        }
        live = live.filter((p) => !lost.includes(p));
        attempts--;
        continue;
      }
      const storedAt = Date.now();
      this.d.metrics.stage("claim", storedAt - claimedAt);
      // Only a transaction every record's claim names may be rebroadcast by another instance.
      await this.d.claims
        .putTransaction(signature, {
          raw: Buffer.from(raw).toString("base64"),
          lastValidBlockHeight,
        })
        .catch((error: unknown) => {
          sending.fail(error);
          throw error;
        });
      sending.end();
      this.d.metrics.txSent();
      const sentAt = Date.now();
      this.d.metrics.stage("store_tx", sentAt - storedAt);
      // Confirm: broadcast and rebroadcast until the commitment is reached, then the cost.
      const confirming = startStep("confirm", live, {
        ...attempt,
        [TRACE_ATTR.txSignature]: signature,
      });
      const outcome = await sendAndConfirm(this.d.pool, raw, {
        signature,
        lastValidBlockHeight,
        pollMs: this.d.config.confirmPollMs,
      }).catch((error: unknown) => {
        confirming.fail(error);
        throw error;
      });
      this.d.metrics.stage("confirm", Date.now() - sentAt);
      confirming.set({
        [TRACE_ATTR.sendStatus]: outcome.status,
        ...("slot" in outcome && outcome.slot !== undefined
          ? { [TRACE_ATTR.slot]: outcome.slot }
          : {}),
      });
      if (outcome.status !== "confirmed") confirming.end();
      if (outcome.status === "confirmed") {
        await this.#confirmed(
          confirming,
          live,
          { signature, slot: outcome.slot, ...costs, leaves: built.leaves },
          // Where a transaction's time goes, for the debug log.
          {
            claim_ms: storedAt - claimedAt,
            store_tx_ms: sentAt - storedAt,
            confirm_ms: Date.now() - sentAt,
            units_limit: limit,
            units_cached: cachedShape !== undefined,
          },
        );
        return;
      }
      if (outcome.status === "expired") {
        this.d.metrics.txFailed("expired");
        this.d.blockhashes.invalidate();
        this.d.log.info({ event: "tx_expired", signature, records: live.length }, "re-signing");
        continue;
      }
      this.d.metrics.txFailed("landed_with_error");
      this.d.log.warn(
        { event: "tx_failed", signature, records: live.length, err: outcome.err, limit },
        "transaction landed with an error",
      );
      if (cachedShape !== undefined && isBudgetError(outcome.err)) {
        // The reused figure was too low for this one: simulate it as it is now.
        this.#simulations.forget(cachedShape);
        for (const ok of await this.#simulateSplit(live, true)) await this.#send(ok);
        return;
      }
      for (const ok of await this.#isolate(live, built, outcome.err, outcome.logs ?? [])) {
        await this.#send(ok);
      }
      return;
    }
  }

  /** Writes each record's claim; returns the records someone else claimed first. */
  async #claim(entries: Pending[], claim: Claim): Promise<Pending[]> {
    const lost: Pending[] = [];
    await Promise.all(
      entries.map(async (p) => {
        const revision = await this.d.claims.write(p.record.requestKey, claim, p.revision);
        if (revision === "conflict") lost.push(p);
        else p.revision = revision;
      }),
    );
    return lost;
  }

  async #costs(entries: Pending[]) {
    let rentLamports = 0;
    for (const p of entries) {
      if (p.plan.kind !== "instruction") continue;
      for (const bytes of p.plan.createdAccountBytes)
        rentLamports += await this.d.chain.rentFor(bytes);
    }
    return { rentLamports };
  }

  async #confirmed(
    confirming: StepSpans,
    entries: Pending[],
    tx: { signature: string; slot: number; rentLamports: number; leaves: number },
    timings: Record<string, number | boolean>,
  ): Promise<void> {
    const costAt = Date.now();
    const cost = await landedCost(this.d.pool, tx.signature);
    timings.cost_ms = Date.now() - costAt;
    this.d.metrics.stage("cost", timings.cost_ms);
    const landed: LandedTx = { ...tx, ...cost, bundleSize: entries.length };
    confirming.set({
      [TRACE_ATTR.slot]: tx.slot,
      [TRACE_ATTR.computeUnits]: cost.computeUnits,
      [TRACE_ATTR.feeLamports]: cost.feeLamports,
    });
    this.d.metrics.txConfirmed(entries.length, cost.computeUnits, cost.feeLamports);
    this.d.log.debug(
      {
        event: "tx_confirmed",
        signature: tx.signature,
        records: entries.length,
        ...cost,
        ...timings,
      },
      "transaction confirmed",
    );
    confirming.end();
    // Settled first: the handlers publish and ack while the journal is brought up to date
    // (a claim still saying "sent" only costs a status lookup on a later redelivery).
    const finals = entries.map((p) => {
      const event = confirmedEvent(p.record, landed);
      this.d.metrics.records("confirmed");
      p.settle({ type: "confirmed", event });
      return this.#writeFinal(p, {
        ...claimOf(landed, this.d.instance),
        state: "confirmed",
        event,
      });
    });
    await Promise.all(finals);
  }

  /** Records the final outcome in the journal; a failure here only costs a later lookup. */
  async #writeFinal(p: Claimable, claim: Partial<Claim> & Pick<Claim, "state">): Promise<void> {
    const full: Claim = { instance: this.d.instance, at: Date.now(), ...claim };
    try {
      const revision = await this.d.claims.write(p.record.requestKey, full, p.revision);
      if (revision !== "conflict") p.revision = revision;
    } catch (error) {
      this.d.log.warn({
        event: "claim_write_failed",
        request_key: p.record.requestKey,
        err: error,
      });
    }
  }
}

function claimOf(tx: LandedTx, instance: string): Claim {
  return {
    state: "confirmed",
    signature: tx.signature,
    bundleSize: tx.bundleSize,
    rentLamports: tx.rentLamports,
    leaves: tx.leaves,
    instance,
    at: Date.now(),
  };
}

/** Fee and compute units of a landed transaction; the node may need a moment to have it. */
export async function landedCost(pool: RpcPool, signature: string) {
  for (let i = 0; i < 5; i++) {
    const cost = await transactionCost(pool, signature);
    if (cost) return cost;
    await new Promise((r) => setTimeout(r, 100 * (i + 1)));
  }
  return { feeLamports: 0, computeUnits: 0 };
}
