import { EventEmitter } from "node:events";
import { mkdirSync } from "node:fs";
import {
  SvmHarness,
  type AccountChange,
  decodeWireTransaction,
  type ExecutionResult,
  type SimulateOptions,
  type SimulationResult,
  type TransactionErrorJson,
} from "@pod/svm";
import { Ledger } from "../ledger/ledger.js";
import type { StoredTransaction } from "../ledger/records.js";
import { loadGenesis, type GenesisOptions, type GenesisReport } from "./genesis.js";
import { loadIdentity, type ChainIdentity } from "./identity.js";
import { SignatureIndex } from "./signature-index.js";

export interface ChainOptions {
  ledgerDir: string;
  /** Milliseconds per slot (a validator's is about 400). */
  slotMs: number;
  genesis: GenesisOptions;
  /** Compact the ledger log at start when larger than this many bytes. */
  compactAbove?: number;
}

/** Emitted once a landed transaction is durable. */
export interface LandedEvent {
  tx: StoredTransaction;
  changed: AccountChange[];
}

export type SubmitResult =
  | { landed: true; tx: StoredTransaction }
  /** Not included anywhere: nothing changed, no fee charged. */
  | { landed: false; signature: string; err: TransactionErrorJson };

export interface OpenReport {
  genesis: GenesisReport;
  restoredAccounts: number;
  restoredTransactions: number;
  discardedBytes: number;
}

const CHECKPOINT_EVERY_SLOTS = 25n;

/**
 * The local chain: LiteSVM behind a clock that produces a block every slot, with every
 * landed transaction and the accounts it changed made durable before it is reported.
 */
export class LocalChain {
  readonly index = new SignatureIndex();
  private readonly events = new EventEmitter();
  private ticker: NodeJS.Timeout | null = null;

  private constructor(
    readonly harness: SvmHarness,
    private readonly ledger: Ledger,
    readonly identity: ChainIdentity,
    private readonly slotMs: number,
  ) {
    this.events.setMaxListeners(0);
  }

  /** Loads genesis, replays the ledger over it and continues its clock. */
  static async open(options: ChainOptions): Promise<{ chain: LocalChain; report: OpenReport }> {
    mkdirSync(options.ledgerDir, { recursive: true });
    const harness = new SvmHarness();
    const genesis = loadGenesis(harness, options.genesis);
    const { ledger, state } = await Ledger.open(options.ledgerDir, {
      compactAbove: options.compactAbove,
      genesisAccount: (address) => harness.getAccount(address),
    });
    for (const [address, account] of state.accounts) {
      harness.setAccount(address, account ?? EMPTY_ACCOUNT);
    }

    const chain = new LocalChain(harness, ledger, loadIdentity(options.ledgerDir), options.slotMs);
    let lastSlot = state.clock?.slot ?? -1n;
    for (const tx of state.transactions) {
      chain.index.add(tx);
      if (tx.slot > lastSlot) lastSlot = tx.slot;
    }
    // Slot and block height advance together, so the last slot seen gives the height too:
    // blockhashes handed out after the last checkpoint stay valid across the restart.
    if (lastSlot >= 0n) {
      const height = lastSlot - harness.slot;
      harness.restoreClock(lastSlot + 1n, height + 1n);
    }
    return {
      chain,
      report: {
        genesis,
        restoredAccounts: state.accounts.size,
        restoredTransactions: state.transactions.length,
        discardedBytes: state.discarded,
      },
    };
  }

  /** Starts producing a block every slot. */
  start(): void {
    if (this.ticker !== null) return;
    this.ticker = setInterval(() => this.produceBlock(), this.slotMs);
  }

  get slot(): bigint {
    return this.harness.slot;
  }

  get blockHeight(): bigint {
    return this.harness.blockHeight;
  }

  onLanded(listener: (event: LandedEvent) => void): () => void {
    this.events.on("landed", listener);
    return () => this.events.off("landed", listener);
  }

  /** Called when the ledger cannot be written: the process should exit and be restarted. */
  onFatal(listener: (error: unknown) => void): () => void {
    this.events.on("fatal", listener);
    return () => this.events.off("fatal", listener);
  }

  onSlot(listener: (slot: bigint) => void): () => void {
    this.events.on("slot", listener);
    return () => this.events.off("slot", listener);
  }

  simulate(bytes: Uint8Array, options: SimulateOptions): SimulationResult {
    return this.harness.simulate(bytes, options);
  }

  /**
   * Executes wire bytes; when the transaction lands (also with an error), resolves after it
   * and its account changes are on disk. Throws the svm package's typed errors for bytes
   * that are not a transaction.
   */
  async submit(bytes: Uint8Array): Promise<SubmitResult> {
    const signature = decodeWireTransaction(bytes).signatures[0] as string;
    // LiteSVM's own history starts empty after a restart; the durable index does not.
    if (this.index.has(signature)) return { landed: false, signature, err: "AlreadyProcessed" };
    return this.persist(this.harness.execute(bytes));
  }

  /** A faucet transfer, landed and durable like any other transaction. */
  async airdrop(address: string, lamports: bigint): Promise<SubmitResult> {
    return this.persist(this.harness.airdrop(address, lamports));
  }

  /** Stops the clock and makes everything durable. */
  async close(): Promise<void> {
    if (this.ticker !== null) clearInterval(this.ticker);
    this.ticker = null;
    this.ledger.checkpointClock(this.slot, this.blockHeight);
    await this.ledger.close();
  }

  private async persist(res: ExecutionResult): Promise<SubmitResult> {
    if (!res.landed) {
      return { landed: false, signature: res.signature, err: res.err ?? "SanitizeFailure" };
    }
    const tx: StoredTransaction = {
      signature: res.signature,
      slot: res.slot,
      blockTime: res.blockTime,
      wire: res.wire,
      err: res.err,
      fee: res.fee,
      logs: res.logs,
      computeUnitsConsumed: res.computeUnitsConsumed,
      innerInstructions: res.innerInstructions,
      preBalances: res.preBalances,
      postBalances: res.postBalances,
      accountKeys: res.accountKeys,
      loadedAddresses: res.loadedAddresses,
      returnData: res.returnData,
    };
    try {
      await this.ledger.appendTransaction(tx, res.changedAccounts);
    } catch (e) {
      // Memory now holds a transaction the disk does not: only a restart (replaying the
      // ledger) brings the two back together, so whoever runs the chain must stop it.
      this.events.emit("fatal", e);
      throw e;
    }
    this.index.add(tx);
    this.events.emit("landed", { tx, changed: res.changedAccounts } satisfies LandedEvent);
    return { landed: true, tx };
  }

  private produceBlock(): void {
    this.harness.advanceSlots(1);
    if (this.harness.blockHeight % CHECKPOINT_EVERY_SLOTS === 0n) {
      this.ledger.checkpointClock(this.slot, this.blockHeight);
    }
    this.events.emit("slot", this.slot);
  }
}

const EMPTY_ACCOUNT = {
  lamports: 0n,
  data: new Uint8Array(0),
  owner: "11111111111111111111111111111111",
  executable: false,
  rentEpoch: 0n,
};
