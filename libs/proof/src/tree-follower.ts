import { EventEmitter } from "node:events";
import {
  parseAppendedLeaves,
  readRootHistory,
  STATE_TREE_V1,
  STATE_TREE_V1_HEIGHT,
  viewOfTransactionResponse,
  type AppendedLeaf,
} from "@pod/light";
import { PROGRAM_ID, recordDataHash } from "@pod/program";
import { fromHex, toHex, type InclusionProof } from "@pod/protocol";
import {
  Connection,
  type Finality,
  type PublicKey,
  type VersionedTransactionResponse,
} from "@solana/web3.js";
import { CompactTree } from "./compact-tree.js";
import {
  BackfillIncompleteError,
  FollowerStoppedError,
  LeafTimeoutError,
  ProofConfigError,
  ProofRpcError,
  TreeAccountMissingError,
  TreeDivergedError,
  type ProofError,
} from "./errors.js";
import { LeafBook } from "./leaf-book.js";
import { decodePodRecord, equalBytes } from "./pod-record.js";
import { onChain, type ChainSource } from "./rpc.js";
import { signaturesSince, type ListedSignature } from "./signature-pages.js";
import { toWireProof } from "./wire.js";

export interface TreeFollowerOptions {
  /** Where to read the chain: a Connection or an RpcPool from @pod/chain. */
  source: ChainSource;
  /** The V1 state tree to follow. Default STATE_TREE_V1. */
  tree?: PublicKey;
  /** Program whose CompressedMessage leaves are indexed. Default the PoD program. */
  owner?: PublicKey;
  /** Tree height. Default 26 (Light's V1 state trees). */
  height?: number;
  /** How often to look for new transactions; 0 turns polling off. Default 1000 ms. */
  pollMs?: number;
  /**
   * Also react to logsSubscribe notifications that mention the tree (each one triggers a
   * round at once). `true` uses the source when it is a Connection. Default true.
   */
  logs?: boolean | Connection;
  /** Commitment of every read. Default "confirmed". */
  commitment?: Finality;
  /** getSignaturesForAddress page size (the RPC's maximum is 1000). Default 1000. */
  pageLimit?: number;
  /** getTransaction calls in flight during a round. Default 8. */
  fetchConcurrency?: number;
  /**
   * How long start() keeps retrying rounds while the copy has a gap (a transaction listed but
   * not served, a leaf index not seen yet) before it gives up. Default 30000 ms.
   */
  backfillTimeoutMs?: number;
}

/** Where the follower stands. */
export interface FollowerStatus {
  /** Leaves in the local tree (contiguous from 0). */
  leaves: number;
  /** Of those, leaves carrying a PoD record (provable by commitment). */
  provable: number;
  /** Leaves seen beyond a missing one, waiting for the gap to fill. */
  pending: number;
  /** Transactions applied, and failed ones skipped. */
  transactions: number;
  failedTransactions: number;
  /** Listed signatures whose transaction the RPC did not return yet (retried each round). */
  unavailable: number;
  /** Slot of the newest transaction applied (0 before any). */
  slot: number;
  backfilled: boolean;
  running: boolean;
  diverged?: string;
  /** Bytes of the tree's and the book's flat arrays (what grows with the leaves). */
  bytesHeld: number;
}

/** What checkAgainstChain found. */
export interface ChainCheck {
  localLeaves: number;
  chainLeaves: number;
  /** Whether the local root is in the tree account's root history. */
  rootInHistory: boolean;
}

export interface TreeFollowerEvents {
  /** A round applied new leaves; `leaves` is the new local size. */
  advanced: [{ leaves: number; slot: number }];
  /** A round failed (it is retried on the next one) or the local tree diverged. */
  error: [ProofError];
}

interface PendingLeaf {
  leaf: AppendedLeaf;
  signature: string;
  slot: number;
}

interface Waiter {
  resolve: (proof: InclusionProof) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

type ProofTarget = string | Uint8Array | { leafIndex: number };

/**
 * Follows a Light V1 state tree over plain JSON-RPC, from leaf 0: lists the tree's
 * transactions with getSignaturesForAddress (paged back to the first), reads each with
 * getTransaction, takes the leaves Light appended from the inner instructions and keeps an
 * off-chain copy of the tree plus an index of PoD records by commitment. Then keeps up by
 * polling and logsSubscribe. Serves inclusion proofs against its current root, which the
 * tree account's root history holds while fewer appends than its capacity came after it.
 * Nothing is persisted: a new process back-fills from leaf 0 again.
 */
export class TreeFollower extends EventEmitter<TreeFollowerEvents> {
  readonly tree: PublicKey;
  readonly owner: PublicKey;
  private readonly source: ChainSource;
  private readonly local: CompactTree;
  private readonly book = new LeafBook();
  private readonly pollMs: number;
  private readonly logsConnection: Connection | undefined;
  private readonly commitment: Finality;
  private readonly pageLimit: number;
  private readonly fetchConcurrency: number;
  private readonly backfillTimeoutMs: number;

  // Newest listed signature whose transaction was applied or set aside: the next `until`.
  private newestSeen: string | undefined;
  // Slot of the transaction that appended the local tree's last leaf. Leaves are appended in
  // order, so a transaction holding a missing leaf landed at or after it: a rescan lists back
  // to this slot, whatever an RPC left out of earlier listings.
  private contiguousSlot = 0;
  // Signatures applied at or above contiguousSlot: a rescan does not read them again.
  private readonly appliedSince = new Map<string, number>();
  private readonly unavailable = new Map<string, ListedSignature>();
  private readonly pending = new Map<number, PendingLeaf>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private transactions = 0;
  private failedTransactions = 0;
  private slot = 0;
  private backfilled = false;
  private running = false;
  private diverged: TreeDivergedError | undefined;
  private round: Promise<void> | undefined;
  private starting: Promise<void> | undefined;
  private roundAgain = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private logsSubscription: number | undefined;
  private cachedRoot: { size: number; root: Uint8Array } | undefined;

  constructor(options: TreeFollowerOptions) {
    super();
    this.source = options.source;
    this.tree = options.tree ?? STATE_TREE_V1;
    this.owner = options.owner ?? PROGRAM_ID;
    this.local = new CompactTree(options.height ?? STATE_TREE_V1_HEIGHT);
    this.pollMs = positive("pollMs", options.pollMs ?? 1000, true);
    this.commitment = options.commitment ?? "confirmed";
    this.pageLimit = positive("pageLimit", options.pageLimit ?? 1000);
    this.fetchConcurrency = positive("fetchConcurrency", options.fetchConcurrency ?? 8);
    this.backfillTimeoutMs = positive("backfillTimeoutMs", options.backfillTimeoutMs ?? 30_000);
    const logs = options.logs ?? true;
    this.logsConnection =
      logs instanceof Connection
        ? logs
        : logs && options.source instanceof Connection
          ? options.source
          : undefined;
  }

  /**
   * Back-fills from leaf 0 and starts keeping up. Resolves once the back-fill is done (the
   * local tree holds every leaf appended before the call, without a gap). A failed back-fill
   * rejects (BackfillIncompleteError when gaps stayed for backfillTimeoutMs, ProofRpcError
   * when the RPC failed) and leaves the follower stopped. After stop(), start() resumes from
   * where the follower stood.
   */
  start(): Promise<void> {
    if (this.starting) return this.starting;
    if (this.running) return Promise.resolve();
    this.starting = this.backfillThenFollow().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async backfillThenFollow(): Promise<void> {
    this.running = true;
    try {
      await this.syncWithoutGaps();
    } catch (e) {
      this.running = false;
      throw e;
    }
    // stop() during the back-fill: do not subscribe or poll behind its back.
    if (!this.running) throw new FollowerStoppedError();
    this.backfilled = true;
    if (this.logsConnection) {
      this.logsSubscription = this.logsConnection.onLogs(
        this.tree,
        () => this.kick(),
        this.commitment,
      );
    }
    this.schedulePoll();
  }

  /** Stops polling and the logs subscription; pending waitForLeaf calls reject. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    if (this.logsSubscription !== undefined && this.logsConnection) {
      const id = this.logsSubscription;
      this.logsSubscription = undefined;
      await this.logsConnection.removeOnLogsListener(id).catch(() => undefined);
    }
    for (const set of this.waiters.values()) {
      for (const w of set) {
        clearTimeout(w.timer);
        w.reject(new FollowerStoppedError());
      }
    }
    this.waiters.clear();
    await this.round?.catch(() => undefined);
  }

  /**
   * Runs one round now (new signatures, retries of unavailable ones, a rescan when a gap
   * persists) and resolves when the local tree has applied it. Concurrent calls share a
   * round; a call made during a round gets one more after it.
   */
  async sync(): Promise<void> {
    if (this.round) {
      this.roundAgain = true;
      return this.round;
    }
    this.round = this.runRounds().finally(() => {
      this.round = undefined;
    });
    return this.round;
  }

  /**
   * An inclusion proof (the protocol's wire shape) for the PoD record carrying `target` (a
   * commitment as hex or bytes) or for the leaf at `{ leafIndex }`, against the current local
   * root; undefined when no such record is known or the local tree diverged.
   */
  proofFor(target: ProofTarget): InclusionProof | undefined {
    if (this.diverged) return undefined;
    const leafIndex = this.leafIndexOf(target);
    if (leafIndex === undefined || leafIndex >= this.local.size) return undefined;
    const leaf = this.book.leaf(leafIndex);
    if (!leaf) return undefined;
    return toWireProof({
      tree: this.tree,
      owner: this.owner,
      leaf,
      leafHash: this.local.leaf(leafIndex),
      siblings: this.local.siblings(leafIndex),
      root: this.root(),
    });
  }

  /**
   * Resolves with the proof of the record carrying `commitment` once the follower has seen
   * it (at once when it has); rejects with LeafTimeoutError after `timeoutMs`. Asks for a
   * round at once, so a leaf just confirmed does not wait for the next poll.
   */
  waitForLeaf(commitment: string | Uint8Array, timeoutMs: number): Promise<InclusionProof> {
    const known = this.proofFor(commitment);
    if (known) return Promise.resolve(known);
    if (!this.running) return Promise.reject(new FollowerStoppedError());
    const key = typeof commitment === "string" ? commitment.toLowerCase() : toHex(commitment);
    return new Promise((resolve, reject) => {
      const set = this.waiters.get(key) ?? new Set<Waiter>();
      this.waiters.set(key, set);
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          set.delete(waiter);
          if (set.size === 0) this.waiters.delete(key);
          reject(new LeafTimeoutError(key, timeoutMs));
        }, timeoutMs),
      };
      set.add(waiter);
      this.kick();
    });
  }

  /** The local root (the empty tree's root before any leaf). */
  root(): Uint8Array {
    const size = this.local.size;
    if (this.cachedRoot?.size !== size) this.cachedRoot = { size, root: this.local.root() };
    return Uint8Array.from(this.cachedRoot.root);
  }

  status(): FollowerStatus {
    const status: FollowerStatus = {
      leaves: this.local.size,
      provable: this.book.provableCount,
      pending: this.pending.size,
      transactions: this.transactions,
      failedTransactions: this.failedTransactions,
      unavailable: this.unavailable.size,
      slot: this.slot,
      backfilled: this.backfilled,
      running: this.running,
      bytesHeld: this.local.bytesHeld + this.book.bytesHeld,
    };
    if (this.diverged) status.diverged = this.diverged.message;
    return status;
  }

  /**
   * Reads the tree account and compares: how many leaves the chain has, and whether the
   * local root is in its root history. When both hold the same number of leaves and the
   * local root is not the chain's, the follower marks itself diverged.
   */
  async checkAgainstChain(): Promise<ChainCheck> {
    const account = await onChain(this.source, "getAccountInfo(tree)", (c) =>
      c.getAccountInfo(this.tree, this.commitment),
    );
    if (!account) throw new TreeAccountMissingError(this.tree.toBase58(), "no such account");
    const chain = readRootHistory(account.data);
    const root = this.root();
    const rootInHistory = chain.roots.some((r) => equalBytes(r, root));
    if (chain.nextIndex === this.local.size && !equalBytes(chain.currentRoot, root)) {
      this.markDiverged("the local root is not the chain's at the same size", {
        leaves: this.local.size,
      });
    }
    return { localLeaves: this.local.size, chainLeaves: chain.nextIndex, rootInHistory };
  }

  private async syncWithoutGaps(): Promise<void> {
    const until = Date.now() + this.backfillTimeoutMs;
    let pause = 50;
    await this.sync();
    while (this.pending.size > 0 || this.unavailable.size > 0) {
      if (!this.running) throw new FollowerStoppedError();
      if (Date.now() + pause > until) {
        throw new BackfillIncompleteError(
          this.local.size,
          this.pending.size,
          this.unavailable.size,
        );
      }
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 1000);
      await this.sync();
    }
  }

  private leafIndexOf(target: ProofTarget): number | undefined {
    if (typeof target === "object" && !(target instanceof Uint8Array)) return target.leafIndex;
    const bytes = typeof target === "string" ? fromHex(target.toLowerCase()) : target;
    if (!bytes || bytes.length !== 32) return undefined;
    return this.book.findCommitment(bytes);
  }

  private async runRounds(): Promise<void> {
    do {
      this.roundAgain = false;
      await this.oneRound();
    } while (this.roundAgain);
  }

  private async oneRound(): Promise<void> {
    let listed: ListedSignature[];
    try {
      listed = await signaturesSince(this.source, this.tree, {
        until: this.newestSeen,
        limit: this.pageLimit,
        commitment: this.commitment,
      });
    } catch (cause) {
      throw new ProofRpcError("getSignaturesForAddress", { cause });
    }
    const retries = [...this.unavailable.values()];
    await this.fetchAndApply([...retries, ...listed]);
    const newest = listed[listed.length - 1];
    if (newest) this.newestSeen = newest.signature;
    if (this.pending.size > 0) await this.rescanSinceContiguous();
  }

  /**
   * A leaf index past the local size arrived while an earlier one is missing: some
   * transaction was left out of a listing or not served yet. List again back to the slot of
   * the local tree's last leaf and read what was not applied.
   */
  private async rescanSinceContiguous(): Promise<void> {
    let listed: ListedSignature[];
    try {
      listed = await signaturesSince(this.source, this.tree, {
        fromSlot: this.contiguousSlot,
        limit: this.pageLimit,
        commitment: this.commitment,
      });
    } catch (cause) {
      throw new ProofRpcError("getSignaturesForAddress (rescan)", { cause });
    }
    const missing = listed.filter(
      (s) => !this.appliedSince.has(s.signature) && !this.unavailable.has(s.signature),
    );
    await this.fetchAndApply(missing);
  }

  private async fetchAndApply(listed: readonly ListedSignature[]): Promise<void> {
    for (let i = 0; i < listed.length; i += this.fetchConcurrency) {
      const chunk = listed.slice(i, i + this.fetchConcurrency);
      const responses = await Promise.all(chunk.map((s) => this.fetchTransaction(s)));
      chunk.forEach((s, j) => this.applyTransaction(s, responses[j] ?? null));
      this.drainPending();
    }
  }

  private async fetchTransaction(s: ListedSignature): Promise<VersionedTransactionResponse | null> {
    // A failed transaction appended nothing: no need to read it.
    if (s.failed) return null;
    try {
      return await onChain(this.source, "getTransaction", (c) =>
        c.getTransaction(s.signature, {
          maxSupportedTransactionVersion: 0,
          commitment: this.commitment,
        }),
      );
    } catch (cause) {
      throw new ProofRpcError("getTransaction", { cause });
    }
  }

  private applyTransaction(s: ListedSignature, response: VersionedTransactionResponse | null) {
    if (s.slot >= this.contiguousSlot) this.appliedSince.set(s.signature, s.slot);
    if (s.failed || response?.meta?.err) {
      this.unavailable.delete(s.signature);
      this.failedTransactions += 1;
      return;
    }
    if (!response) {
      // Listed but not served yet (an RPC node a little behind its index): retry later.
      this.unavailable.set(s.signature, s);
      this.appliedSince.delete(s.signature);
      return;
    }
    this.unavailable.delete(s.signature);
    this.transactions += 1;
    // Only appends are read. A forester nullifying spent accounts rewrites V1 leaves in place;
    // PoD records are never spent and the local chain runs no forester, so that is not
    // followed (checkAgainstChain would report the divergence).
    const leaves = parseAppendedLeaves(viewOfTransactionResponse(response)).filter((l) =>
      l.tree.equals(this.tree),
    );
    for (const leaf of leaves) {
      if (leaf.leafIndex < this.local.size) {
        // Seen before (a retry or a rescan): it must be the same leaf.
        if (!equalBytes(this.local.leaf(leaf.leafIndex), leaf.hash)) {
          this.markDiverged(`leaf ${leaf.leafIndex} read twice with different hashes`, {
            leafIndex: leaf.leafIndex,
            signature: s.signature,
          });
        }
        continue;
      }
      this.pending.set(leaf.leafIndex, { leaf, signature: s.signature, slot: response.slot });
    }
  }

  /** Appends the pending leaves that continue the local tree, and answers waiters. */
  private drainPending(): void {
    const run: PendingLeaf[] = [];
    for (let i = this.local.size; this.pending.has(i); i++) run.push(this.pending.get(i)!);
    if (run.length === 0) return;

    this.book.reserve(this.local.size + run.length);
    this.local.appendAll(run.map((p) => p.leaf.hash));
    const txNumbers = new Map<string, number>();
    const booked: string[] = [];
    for (const p of run) {
      this.pending.delete(p.leaf.leafIndex);
      this.slot = Math.max(this.slot, p.slot);
      const commitment = this.bookLeaf(p, txNumbers);
      if (commitment) booked.push(commitment);
    }
    const slot = run[run.length - 1]!.slot;
    if (slot > this.contiguousSlot) {
      this.contiguousSlot = slot;
      for (const [sig, at] of this.appliedSince) if (at < slot) this.appliedSince.delete(sig);
    }
    this.emit("advanced", { leaves: this.local.size, slot: this.slot });
    for (const commitment of booked) this.answerWaiters(commitment);
  }

  /** Books a PoD record leaf; returns its commitment (hex), or undefined for other leaves. */
  private bookLeaf(p: PendingLeaf, txNumbers: Map<string, number>): string | undefined {
    const account = p.leaf.account;
    const data = account?.data;
    if (!account || !data || !account.owner.equals(this.owner) || account.address) {
      return undefined;
    }
    // SignedMessage leaves (append_signed_messages) carry a request digest, not the envelope
    // hash a confirmed event names: they stay in the tree but are not indexed.
    const record = decodePodRecord(data.discriminator, data.data);
    // Only leaves whose data hash is the program's hash of the data can be proven from the
    // record alone (a verifier recomputes it).
    if (!record || !equalBytes(data.dataHash, recordDataHash(data.data))) return undefined;
    let tx = txNumbers.get(p.signature);
    if (tx === undefined) {
      tx = this.book.addTransaction(p.signature, p.slot);
      txNumbers.set(p.signature, tx);
    }
    this.book.addLeaf(p.leaf.leafIndex, tx, data.data, account.lamports);
    return toHex(record.envelopeHash);
  }

  private answerWaiters(commitment: string): void {
    const set = this.waiters.get(commitment);
    if (!set) return;
    const proof = this.proofFor(commitment);
    if (!proof) return;
    this.waiters.delete(commitment);
    for (const w of set) {
      clearTimeout(w.timer);
      w.resolve(proof);
    }
  }

  private markDiverged(reason: string, details: Record<string, unknown>): void {
    if (this.diverged) return;
    this.diverged = new TreeDivergedError(reason, details);
    this.reportError(this.diverged);
  }

  /** A round soon: on a logs notification or a new waiter. */
  private kick(): void {
    if (!this.running) return;
    this.sync().catch((e: ProofError) => this.reportError(e));
  }

  private schedulePoll(): void {
    if (!this.running || this.pollMs === 0) return;
    this.pollTimer = setTimeout(() => {
      this.sync()
        .catch((e: ProofError) => this.reportError(e))
        .finally(() => this.schedulePoll());
    }, this.pollMs);
    this.pollTimer.unref?.();
  }

  private reportError(e: ProofError): void {
    // An EventEmitter throws on "error" without a listener: a library must not crash its host.
    if (this.listenerCount("error") > 0) this.emit("error", e);
  }
}

function positive(field: string, value: number, zeroAllowed = false): number {
  if (!Number.isInteger(value) || value < 0 || (value === 0 && !zeroAllowed)) {
    throw new ProofConfigError(
      field,
      `${value} is not a ${zeroAllowed ? "non-negative" : "positive"} integer`,
    );
  }
  return value;
}
