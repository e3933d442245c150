import { readFileSync } from "node:fs";
import { LiteSVM } from "litesvm";
import {
  Clock,
  EpochSchedule,
  FailedTransactionMetadata,
  type LiteSvm,
  type SimulatedTransactionInfo,
  type TransactionMetadata,
} from "litesvm/dist/internal.js";
import {
  Keypair,
  type AccountInfo,
  type Transaction,
  type VersionedTransaction,
} from "@solana/web3.js";
import { deployUpgradeable } from "./upgradeable-loader.js";
import {
  accountChanged,
  addressBytes,
  addressText,
  readAccount,
  stateOf,
  toWeb3AccountInfo,
  writeAccount,
  type AccountState,
} from "./accounts.js";
import { BlockhashQueue, MAX_PROCESSING_AGE, type BlockhashEntry } from "./blockhash-queue.js";
import { ProgramLoadError } from "./errors.js";
import { transactionFee } from "./fee.js";
import { Faucet } from "./faucet.js";
import { resolveAccountKeys } from "./account-keys.js";
import {
  innerInstructionsOf,
  returnDataOf,
  type AccountChange,
  type ExecutionResult,
  type InnerInstructionsJson,
  type SimulationResult,
} from "./result.js";
import { toTransactionErrorJson, type TransactionErrorJson } from "./tx-error.js";
import { decodeWireTransaction, type WireTransaction } from "./wire.js";
import { durableNonceMatches } from "./durable-nonce.js";

const MAX_SLOT_HASHES = 512;
/**
 * Accounts at least this large have their post-transaction state kept as the next
 * transaction's pre-state: reading Light's 1.3 MB V1 tree out of LiteSVM costs about 3 ms.
 */
const CACHED_ACCOUNT_BYTES = 64 * 1024;

/** Slots per epoch without warm-up, as on mainnet. */
export const SLOTS_PER_EPOCH = 432_000n;

export interface SvmOptions {
  /** Verify signatures (default true). */
  sigverify?: boolean;
  /** Refuse blockhashes older than 150 blocks or never produced (default true). */
  blockhashCheck?: boolean;
  /** Bytes of logs kept per transaction; null for no limit (LiteSVM's default otherwise). */
  logBytesLimit?: bigint | null;
  /** Start at this slot instead of LiteSVM's initial one (it only moves forward). */
  slot?: bigint;
  /** Lamports the built-in faucet holds for `airdrop` (default 500M SOL). */
  faucetLamports?: bigint;
}

export interface SimulateOptions {
  /** Check signatures during simulation (default false, as in the RPC method). */
  sigVerify?: boolean;
  /** Run against the latest blockhash whatever the transaction names (default false). */
  replaceRecentBlockhash?: boolean;
}

/**
 * A LiteSVM instance that behaves like a cluster at its edges: wire bytes in, a
 * validator-shaped result out, blockhashes valid for 150 blocks, the packet limit enforced.
 */
export class SvmHarness {
  private readonly kit: LiteSVM;
  private readonly native: LiteSvm;
  /**
   * Last state read of large accounts, valid while every write to LiteSVM goes through this
   * harness; cleared whenever the raw LiteSVM is handed out (it could be written directly).
   */
  private readonly stateCache = new Map<string, AccountState>();
  private readonly blockhashes = new BlockhashQueue();
  private readonly checkBlockhash: boolean;
  private readonly faucet: Faucet;
  private height: bigint;
  private readonly slotHashes: Array<{ slot: bigint; hash: string }> = [];

  constructor(options: SvmOptions = {}) {
    this.kit = new LiteSVM();
    // The wrapper takes only kit objects and re-encodes them; the wire path needs the bytes
    // API of the native instance it wraps.
    this.native = (this.kit as unknown as { inner: LiteSvm }).inner;
    this.native.setSigverify(options.sigverify ?? true);
    // The runtime's own check knows only the latest blockhash; the queue here knows 150.
    this.native.setBlockhashCheck(false);
    this.checkBlockhash = options.blockhashCheck ?? true;
    if (options.logBytesLimit !== undefined) this.native.setLogBytesLimit(options.logBytesLimit);
    this.native.setEpochSchedule(
      new EpochSchedule(SLOTS_PER_EPOCH, SLOTS_PER_EPOCH, false, 0n, 0n),
    );
    this.height = 0n;
    const start = options.slot ?? this.native.getClock().slot;
    this.setClock(start > this.native.getClock().slot ? start : this.native.getClock().slot);
    this.blockhashes.push({ blockhash: this.native.latestBlockhash(), blockHeight: this.height });
    this.faucet = new Faucet(this, options.faucetLamports ?? 500_000_000n * 1_000_000_000n);
  }

  /**
   * The kit-typed LiteSVM, for code that loads programs or accounts into it directly. Taking
   * it drops the harness's cached account states; take it again for each use rather than
   * keeping it across transactions.
   */
  get svm(): LiteSVM {
    this.stateCache.clear();
    return this.kit;
  }

  get slot(): bigint {
    return this.native.getClock().slot;
  }

  get blockHeight(): bigint {
    return this.height;
  }

  /** The newest blockhash and the last block height at which it is still accepted. */
  latestBlockhash(): { blockhash: string; lastValidBlockHeight: bigint } {
    const blockhash = this.native.latestBlockhash();
    const height = this.blockhashes.heightOf(blockhash) ?? this.height;
    return { blockhash, lastValidBlockHeight: height + BigInt(MAX_PROCESSING_AGE) };
  }

  isBlockhashValid(blockhash: string): boolean {
    return this.blockhashes.isValid(blockhash, this.height);
  }

  /**
   * Produces `count` blocks: one slot, one block height and a new blockhash each; the Clock
   * and SlotHashes sysvars follow (address lookup tables check their slot in SlotHashes).
   */
  advanceSlots(count = 1, unixTimestamp = BigInt(Math.floor(Date.now() / 1000))): void {
    const start = this.slot;
    for (let i = 0; i < count; i++) {
      this.native.expireBlockhash();
      this.height += 1n;
      const blockhash = this.native.latestBlockhash();
      this.blockhashes.push({ blockhash, blockHeight: this.height });
      this.recordSlotHash(start + BigInt(i + 1), blockhash);
    }
    this.setClock(start + BigInt(count), unixTimestamp);
    this.native.setSlotHashes(this.slotHashes);
  }

  /** The blockhashes still remembered, oldest first (for persisting the clock). */
  recentBlockhashes(): BlockhashEntry[] {
    return this.blockhashes.list();
  }

  /**
   * Continues from a persisted clock. LiteSVM derives each blockhash from the previous one,
   * so replaying the same number of blocks reproduces the same blockhashes: those handed out
   * before a restart stay valid for the rest of their 150 blocks.
   */
  restoreClock(slot: bigint, blockHeight: bigint): void {
    const produced: BlockhashEntry[] = [];
    const first = blockHeight - BigInt(MAX_PROCESSING_AGE);
    while (this.height < blockHeight) {
      this.native.expireBlockhash();
      this.height += 1n;
      if (this.height >= first) {
        produced.push({ blockhash: this.native.latestBlockhash(), blockHeight: this.height });
      }
    }
    for (const entry of produced) this.blockhashes.push(entry);
    if (slot > this.slot) this.setClock(slot);
    // Slots of the blockhashes replayed are not known exactly; the recent ones are numbered
    // back from the restored slot so lookup tables created before a restart still resolve.
    produced.slice(-MAX_SLOT_HASHES).forEach((entry, i, list) => {
      this.recordSlotHash(this.slot - BigInt(list.length - 1 - i), entry.blockhash);
    });
    this.native.setSlotHashes(this.slotHashes);
  }

  /** Makes every blockhash produced so far unusable (one new block with a fresh one). */
  expireBlockhashes(): void {
    this.blockhashes.clear();
    this.advanceSlots(1);
  }

  /** Loads an SBF program at `programId` from a .so file (no deployment checks beyond ELF). */
  addProgramFromFile(programId: string, path: string): void {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (cause) {
      throw new ProgramLoadError(programId, path, cause);
    }
    this.addProgram(programId, bytes, path);
  }

  addProgram(programId: string, bytes: Uint8Array, path?: string): void {
    this.stateCache.clear();
    try {
      this.native.addProgram(addressBytes(programId), bytes);
    } catch (cause) {
      throw new ProgramLoadError(programId, path, cause);
    }
  }

  /**
   * Deploys through the upgradeable loader's own instructions, so its deployment checks run;
   * the payer (funded from the faucet when omitted) becomes the upgrade authority.
   */
  deployUpgradeable(program: Keypair, bytes: Uint8Array, payer?: Keypair): void {
    let deployer = payer;
    if (deployer === undefined) {
      deployer = Keypair.generate();
      const rent = this.minimumBalanceForRentExemption(bytes.length * 2 + 100);
      this.airdrop(deployer.publicKey.toBase58(), rent + 1_000_000_000n);
    }
    deployUpgradeable(this, program, bytes, deployer);
  }

  getAccount(address: string): AccountState | null {
    return readAccount(this.native, address);
  }

  /** The account in web3.js's shape, or null. */
  getAccountInfo(address: string): AccountInfo<Buffer> | null {
    const state = readAccount(this.native, address);
    return state === null ? null : toWeb3AccountInfo(state);
  }

  getBalance(address: string): bigint {
    return readAccount(this.native, address)?.lamports ?? 0n;
  }

  /** Writes an account as-is (genesis or restore); no transaction, no checks. */
  setAccount(address: string, state: AccountState): void {
    this.stateCache.delete(address);
    writeAccount(this.native, address, state);
  }

  /** Accounts owned by `program`, with their addresses. */
  getProgramAccounts(program: string): Array<{ address: string; account: AccountState }> {
    return this.native.getProgramAccounts(addressBytes(program)).map((entry) => ({
      address: addressText(entry.address),
      account: stateOf(entry.account()),
    }));
  }

  minimumBalanceForRentExemption(dataLength: number): bigint {
    return this.native.minimumBalanceForRentExemption(BigInt(dataLength));
  }

  /** Sends lamports from the built-in faucet in a real, signed transfer. */
  airdrop(address: string, lamports: bigint): ExecutionResult {
    return this.faucet.send(address, lamports);
  }

  /** Executes wire bytes and commits what a validator would commit. */
  execute(bytes: Uint8Array): ExecutionResult {
    const tx = decodeWireTransaction(bytes);
    const { keys, loaded } = resolveAccountKeys(tx, (a) => readAccount(this.native, a));
    const pre = keys.map((k) => this.stateCache.get(k) ?? readAccount(this.native, k));
    const base = {
      signature: tx.signatures[0] as string,
      wire: bytes,
      accountKeys: keys,
      loadedAddresses: loaded,
    };
    const blockTime = Number(this.native.getClock().unixTimestamp);

    const refusal = this.precheck(tx);
    if (refusal !== null) {
      const balances = pre.map((a) => a?.lamports ?? 0n);
      return {
        ...base,
        ...emptyRun(refusal),
        landed: false,
        fee: 0n,
        preBalances: balances,
        postBalances: balances,
        changedAccounts: [],
        slot: this.slot,
        blockTime,
      };
    }

    const outcome = this.run(tx);
    const post = keys.map((k) => this.readAfterRun(k));
    const failed = outcome instanceof FailedTransactionMetadata;
    const err = failed ? toTransactionErrorJson(outcome.err()) : null;
    const meta = failed ? outcome.meta() : outcome;
    const landed = !failed || (err !== "AlreadyProcessed" && this.inHistory(tx));
    const changedAccounts: AccountChange[] = [];
    keys.forEach((address, i) => {
      if (accountChanged(pre[i] ?? null, post[i] ?? null)) {
        changedAccounts.push({ address, account: post[i] ?? null, before: pre[i] ?? null });
      }
    });

    return {
      ...base,
      ok: !failed,
      landed,
      err,
      logs: meta.logs(),
      computeUnitsConsumed: meta.computeUnitsConsumed(),
      innerInstructions: innerInstructionsOf(meta),
      fee: landed ? transactionFee(tx) : 0n,
      returnData: returnDataOf(meta),
      preBalances: pre.map((a) => a?.lamports ?? 0n),
      postBalances: post.map((a) => a?.lamports ?? 0n),
      changedAccounts,
      slot: this.slot,
      blockTime,
    };
  }

  /** Runs wire bytes without committing anything. */
  simulate(bytes: Uint8Array, options: SimulateOptions = {}): SimulationResult {
    const tx = decodeWireTransaction(bytes);
    const { keys } = resolveAccountKeys(tx, (a) => readAccount(this.native, a));
    const blockhash = options.replaceRecentBlockhash
      ? this.native.latestBlockhash()
      : tx.recentBlockhash;
    const refusal = options.replaceRecentBlockhash ? null : this.precheck(tx);
    const base = { accountKeys: keys, fee: transactionFee(tx), blockhash };
    if (refusal !== null) return { ...base, ...emptyRun(refusal), postAccounts: new Map() };

    const sigverify = this.native.getSigverify();
    this.native.setSigverify(sigverify && (options.sigVerify ?? false));
    let outcome: SimulatedTransactionInfo | FailedTransactionMetadata;
    try {
      outcome =
        tx.version === "legacy"
          ? this.native.simulateLegacyTransaction(tx.bytes)
          : this.native.simulateVersionedTransaction(tx.bytes);
    } finally {
      this.native.setSigverify(sigverify);
    }

    const meta = outcome.meta();
    const err =
      outcome instanceof FailedTransactionMetadata ? toTransactionErrorJson(outcome.err()) : null;
    // Preflight and most simulations read neither: converting the post-state (Light's 1.3 MB
    // tree among it) and base58-encoding inner instructions cost more than the run itself,
    // so both are built on first access.
    let inner: InnerInstructionsJson[] | undefined;
    let post: Map<string, AccountState | null> | undefined;
    return {
      ...base,
      ok: err === null,
      err,
      logs: meta.logs(),
      computeUnitsConsumed: meta.computeUnitsConsumed(),
      get innerInstructions() {
        return (inner ??= innerInstructionsOf(meta));
      },
      returnData: returnDataOf(meta),
      get postAccounts() {
        return (post ??= postAccountsOf(outcome, keys));
      },
    };
  }

  /** Serializes a signed web3.js transaction and executes it through the wire path. */
  sendWeb3(tx: Transaction | VersionedTransaction): ExecutionResult {
    return this.execute(tx.serialize());
  }

  /** Serializes a web3.js transaction and simulates it through the wire path. */
  simulateWeb3(
    tx: Transaction | VersionedTransaction,
    options?: SimulateOptions,
  ): SimulationResult {
    const bytes =
      "version" in tx
        ? tx.serialize()
        : tx.serialize({ requireAllSignatures: false, verifySignatures: false });
    return this.simulate(bytes, options);
  }

  // Reads an account after a transaction and keeps large ones as the next pre-state.
  private readAfterRun(address: string): AccountState | null {
    const state = readAccount(this.native, address);
    if (state !== null && state.data.length >= CACHED_ACCOUNT_BYTES) {
      this.stateCache.set(address, state);
    } else {
      this.stateCache.delete(address);
    }
    return state;
  }

  private precheck(tx: WireTransaction): TransactionErrorJson | null {
    if (!this.checkBlockhash || this.isBlockhashValid(tx.recentBlockhash)) return null;
    if (durableNonceMatches(tx, (a) => readAccount(this.native, a))) return null;
    return "BlockhashNotFound";
  }

  private run(tx: WireTransaction): TransactionMetadata | FailedTransactionMetadata {
    return tx.version === "legacy"
      ? this.native.sendLegacyTransaction(tx.bytes)
      : this.native.sendVersionedTransaction(tx.bytes);
  }

  private inHistory(tx: WireTransaction): boolean {
    return this.native.getTransaction(addressBytesOfSignature(tx)) !== null;
  }

  // Newest first, as the sysvar holds them.
  private recordSlotHash(slot: bigint, hash: string): void {
    this.slotHashes.unshift({ slot, hash });
    if (this.slotHashes.length > MAX_SLOT_HASHES) this.slotHashes.length = MAX_SLOT_HASHES;
  }

  private setClock(slot: bigint, unixTimestamp = BigInt(Math.floor(Date.now() / 1000))): void {
    const epoch = slot / SLOTS_PER_EPOCH;
    const epochStart = this.native.getClock().epochStartTimestamp;
    this.native.setClock(new Clock(slot, epochStart, epoch, epoch + 1n, unixTimestamp));
  }
}

function postAccountsOf(
  outcome: SimulatedTransactionInfo | FailedTransactionMetadata,
  keys: string[],
): Map<string, AccountState | null> {
  const postAccounts = new Map<string, AccountState | null>();
  if (outcome instanceof FailedTransactionMetadata) return postAccounts;
  for (const k of keys) postAccounts.set(k, null);
  for (const a of outcome.postAccounts()) {
    const account = a.account();
    postAccounts.set(addressText(a.address), account.lamports() === 0n ? null : stateOf(account));
  }
  return postAccounts;
}

function emptyRun(err: TransactionErrorJson) {
  return {
    ok: false,
    err,
    logs: [] as string[],
    computeUnitsConsumed: 0n,
    innerInstructions: [],
    returnData: null,
  };
}

// The first signature follows a one-byte count (a packet cannot hold 128 signatures).
function addressBytesOfSignature(tx: WireTransaction): Uint8Array {
  return tx.bytes.subarray(1, 65);
}
