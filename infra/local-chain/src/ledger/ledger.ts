import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";
import type { AccountChange, AccountState } from "@pod/svm";
import { applyDelta, toDelta } from "./account-delta.js";
import { LedgerIoError } from "../errors.js";
import { AppendLog, recoverLog, writeLogSync } from "./log-file.js";
import {
  decodeRecord,
  encodeRecord,
  type LedgerRecord,
  type StoredTransaction,
} from "./records.js";

const LOG_FILE = "ledger.log";
const DEFAULT_COMPACT_ABOVE = 256 * 1024 * 1024;
const ACCOUNTS_PER_COMPACT_RECORD = 64;

/** What a ledger directory held when it was opened. */
export interface LedgerState {
  /** Latest state of every account a landed transaction changed (null: closed). */
  accounts: Map<string, AccountState | null>;
  transactions: StoredTransaction[];
  clock: { slot: bigint; blockHeight: bigint } | null;
  /** Bytes of a torn tail that were cut off. */
  discarded: number;
}

export interface LedgerOptions {
  /** Rewrite the log as one record per account when it is larger than this (bytes). */
  compactAbove?: number;
  /**
   * The state an account had before the ledger's first change to it (its genesis state):
   * the base that stored byte patches apply to.
   */
  genesisAccount: (address: string) => AccountState | null;
}

/**
 * The chain's durable state: an append-only log of landed transactions (with the accounts
 * each changed) and clock checkpoints. A transaction counts as landed once
 * `appendTransaction` resolved, which is after fsync.
 */
export class Ledger {
  private constructor(
    readonly dir: string,
    private readonly log: AppendLog,
  ) {}

  /** Opens (creating) the ledger at `dir`, replays it and compacts it when it grew large. */
  static async open(
    dir: string,
    options: LedgerOptions,
  ): Promise<{ ledger: Ledger; state: LedgerState }> {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (cause) {
      throw new LedgerIoError(dir, "mkdir", cause);
    }
    const path = join(dir, LOG_FILE);
    const recovered = recoverLog(path);
    const state: LedgerState = {
      accounts: new Map(),
      transactions: [],
      clock: null,
      discarded: recovered.discarded,
    };
    let offset = 0;
    for (const payload of recovered.frames) {
      apply(state, decodeRecord(payload, offset), options.genesisAccount);
      offset += payload.length + 8;
    }

    if (sizeOf(path) > (options.compactAbove ?? DEFAULT_COMPACT_ABOVE)) compact(dir, path, state);
    return { ledger: new Ledger(dir, await AppendLog.open(path)), state };
  }

  /** Resolves once the transaction and its account changes are on disk. */
  appendTransaction(tx: StoredTransaction, changes: AccountChange[]): Promise<void> {
    const accounts = changes.map((c) => toDelta(c.address, c.before, c.account));
    return this.log.append(encodeRecord({ type: "tx", tx, accounts }));
  }

  /**
   * Records the clock without waiting for the disk: losing the last checkpoint only means the
   * slot restarts from the last transaction's, which is still ahead of anything reported.
   */
  checkpointClock(slot: bigint, blockHeight: bigint): void {
    void this.log.append(encodeRecord({ type: "clock", slot, blockHeight })).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.log.close();
  }
}

function apply(
  state: LedgerState,
  record: LedgerRecord,
  genesisAccount: LedgerOptions["genesisAccount"],
): void {
  if (record.type === "clock") {
    state.clock = { slot: record.slot, blockHeight: record.blockHeight };
    return;
  }
  if (record.type === "tx") state.transactions.push(record.tx);
  for (const delta of record.accounts) {
    const previous = state.accounts.has(delta.address)
      ? (state.accounts.get(delta.address) ?? null)
      : genesisAccount(delta.address);
    state.accounts.set(delta.address, applyDelta(previous, delta));
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

// Rewrites the log as: current accounts (whole), transactions without account changes, the
// clock. Written beside the log, fsynced, then renamed over it: a crash leaves one or the other.
function compact(dir: string, path: string, state: LedgerState): void {
  const accounts = [...state.accounts].map(([address, account]) => toDelta(address, null, account));
  const payloads: Buffer[] = [];
  // Chunks keep each frame's JSON text far below V8's string length limit.
  for (let i = 0; i < accounts.length; i += ACCOUNTS_PER_COMPACT_RECORD) {
    const chunk = accounts.slice(i, i + ACCOUNTS_PER_COMPACT_RECORD);
    payloads.push(encodeRecord({ type: "accounts", accounts: chunk }));
  }
  for (const tx of state.transactions)
    payloads.push(encodeRecord({ type: "tx", tx, accounts: [] }));
  if (state.clock !== null) payloads.push(encodeRecord({ type: "clock", ...state.clock }));
  const tmp = `${path}.compact`;
  writeLogSync(tmp, payloads);
  try {
    renameSync(tmp, path);
    const fd = openSync(dir, "r");
    fsyncSync(fd);
    closeSync(fd);
  } catch (cause) {
    throw new LedgerIoError(path, "compact", cause);
  }
}
