import { access, constants } from "node:fs/promises";
import { unixfs, type UnixFS } from "@helia/unixfs";
import type { CID } from "multiformats/cid";
import { raceAbort } from "./abort.js";
import { DAG_PB_CODE, matchesCid, RAW_CODE, rawCidOf } from "./cid.js";
import {
  BlockCorruptError,
  BlockNotFoundError,
  CidInvalidError,
  ContentTooLargeError,
  IpfsStorageError,
  NodeStoppedError,
  StoreFailedError,
  StoreTimeoutError,
} from "./errors.js";
import type { IpfsNode } from "./ipfs-node.js";

export interface ContentStoreOptions {
  maxContentBytes: number;
  readTimeoutMs: number;
  writeTimeoutMs: number;
}

/** Where a raw block this node lacks may come from (other instances); already hash-checked. */
export type BlockFallback = (cid: CID) => Promise<Uint8Array | undefined>;

/** The outcome of storing one content. */
export interface StoredContent {
  cid: CID;
  bytes: number;
  /** False when the block was already on disk (a redelivery, or the same content sent twice). */
  added: boolean;
  /** True when the block on disk did not match its hash and was written again. */
  repaired: boolean;
}

/** A dag-pb node carries its data plus links and framing: allow this much over the content. */
const DAG_PB_OVERHEAD_BYTES = 4096;

/** Content pinned at open and read back by the readiness check. */
const PROBE = new TextEncoder().encode("pod ipfs-storage readiness probe\n");

/**
 * Content in and out of the offline node. Every read is bounded in time (IPFS_READ_TIMEOUT_MS)
 * and size (IPFS_MAX_CONTENT_BYTES) and hash-checked block by block: blockstore-fs hands back
 * whatever the file holds, so a damaged or altered file is refused here with CONTENT_CORRUPT.
 */
export class ContentStore {
  readonly #node: IpfsNode;
  readonly #options: ContentStoreOptions;
  readonly #writer: UnixFS;
  /** UnixFS over verified blocks, for content that spans several blocks (dag-pb roots). */
  readonly #reader: UnixFS;
  #running = true;
  #probe: CID | undefined;
  #fallback: BlockFallback | undefined;

  constructor(node: IpfsNode, options: ContentStoreOptions) {
    this.#node = node;
    this.#options = options;
    this.#writer = unixfs(node.helia);
    const readVerified = (cid: CID) =>
      this.#block(cid, this.#options.maxContentBytes + DAG_PB_OVERHEAD_BYTES);
    const verified = {
      async *get(cid: CID) {
        yield await readVerified(cid);
      },
      has: (cid: CID) => node.helia.blockstore.has(cid),
      put: (): never => {
        throw new Error("the verified reader is read-only");
      },
    };
    this.#reader = unixfs({
      blockstore: verified as unknown as Parameters<typeof unixfs>[0]["blockstore"],
    });
  }

  get maxContentBytes(): number {
    return this.#options.maxContentBytes;
  }

  /** Asks `fallback` for raw blocks not on this node's disk before answering NOT_FOUND. */
  setFallback(fallback: BlockFallback): void {
    this.#fallback = fallback;
  }

  /** Writes and pins the readiness probe; call once after opening. */
  async init(): Promise<void> {
    // Not subject to IPFS_MAX_CONTENT_BYTES: the probe must exist whatever the limit.
    this.#probe = (await this.#store(PROBE)).cid;
  }

  /**
   * Adds `bytes` as CIDv1 with raw leaves (one raw block, CIDv1(raw, sha256), for content up to
   * a chunk), pins it, and reads it back verified, so that what is announced can be served.
   * Idempotent: the same bytes give the same CID, and an existing pin is kept as it is.
   */
  async add(bytes: Uint8Array): Promise<StoredContent> {
    this.#assertRunning();
    if (bytes.length > this.#options.maxContentBytes) {
      throw new ContentTooLargeError(bytes.length, this.#options.maxContentBytes);
    }
    return this.#store(bytes);
  }

  async #store(bytes: Uint8Array): Promise<StoredContent> {
    const signal = AbortSignal.timeout(this.#options.writeTimeoutMs);
    try {
      const existed = await this.#node.helia.blockstore.has(await rawCidOf(bytes), { signal });
      const cid = await raceAbort(
        this.#writer.addBytes(bytes, { cidVersion: 1, rawLeaves: true, signal }),
        signal,
      );
      await raceAbort(this.#pin(cid, signal), signal);
      const repaired = await this.#verifyStored(cid, bytes);
      return { cid, bytes: bytes.length, added: !existed, repaired };
    } catch (error) {
      throw asStoreError(error, signal, "add", this.#options.writeTimeoutMs);
    }
  }

  /** The content of `cid` (a raw block, or a UnixFS file over verified blocks). */
  async read(cid: CID): Promise<Uint8Array> {
    this.#assertRunning();
    if (cid.code === RAW_CODE) return this.#blockOrFallback(cid, this.#options.maxContentBytes);
    if (cid.code !== DAG_PB_CODE) throw new CidInvalidError(`codec 0x${cid.code.toString(16)}`);
    const signal = AbortSignal.timeout(this.#options.readTimeoutMs);
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for await (const chunk of this.#reader.cat(cid, { offline: true, signal })) {
        total += chunk.length;
        if (total > this.#options.maxContentBytes) {
          throw new ContentTooLargeError(total, this.#options.maxContentBytes, `content of ${cid}`);
        }
        chunks.push(chunk);
      }
    } catch (error) {
      const known = innermost(error);
      if (known) throw known;
      if (signal.aborted)
        throw new StoreTimeoutError(`reading ${cid}`, this.#options.readTimeoutMs);
      throw new CidInvalidError(`${cid} is not a UnixFS file: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return Buffer.concat(chunks);
  }

  /** The block of `cid` itself, hash-checked (the trustless gateway's raw format). */
  readBlock(cid: CID): Promise<Uint8Array> {
    this.#assertRunning();
    if (cid.code === RAW_CODE) return this.#blockOrFallback(cid, this.#options.maxContentBytes);
    return this.#block(cid, this.#options.maxContentBytes + DAG_PB_OVERHEAD_BYTES);
  }

  /** Like readBlock, from this node's disk only (what a peer is answered from). */
  readLocalBlock(cid: CID): Promise<Uint8Array> {
    this.#assertRunning();
    const limit =
      this.#options.maxContentBytes + (cid.code === DAG_PB_CODE ? DAG_PB_OVERHEAD_BYTES : 0);
    return this.#block(cid, limit);
  }

  /** Deletes every block that no pin holds (helia's garbage collection). */
  async gc(): Promise<void> {
    this.#assertRunning();
    await this.#node.helia.gc();
  }

  /** Readiness: the blocks directory is writable and the probe block reads back intact. */
  async probe(): Promise<{ ok: boolean; detail: Record<string, unknown> }> {
    const detail = { blocks_dir: this.#node.blocksDir, running: this.#running };
    if (!this.#running || !this.#probe) return { ok: false, detail };
    await access(this.#node.blocksDir, constants.W_OK);
    await this.#block(this.#probe, PROBE.length);
    return { ok: true, detail: { ...detail, probe: this.#probe.toString() } };
  }

  /** Refuses new work, then stops the node within `timeoutMs`. */
  async close(timeoutMs: number): Promise<{ timedOut: boolean }> {
    this.#running = false;
    return this.#node.stop(timeoutMs);
  }

  #assertRunning(): void {
    if (!this.#running) throw new NodeStoppedError();
  }

  async #pin(cid: CID, signal: AbortSignal): Promise<void> {
    try {
      for await (const _ of this.#node.helia.pins.add(cid, { signal })) {
        // each pinned block; nothing to do per block
      }
    } catch (error) {
      // A redelivery finds its own earlier pin: the content is pinned, which is the point.
      if ((error as Error).name !== "AlreadyPinnedError") throw error;
    }
  }

  /**
   * addBytes skips the write when a file for the CID exists, so a damaged file would stay
   * damaged: read back, and when the bytes do not match, replace the file and check again.
   */
  async #verifyStored(cid: CID, bytes: Uint8Array): Promise<boolean> {
    if (cid.code !== RAW_CODE) {
      await this.read(cid);
      return false;
    }
    try {
      await this.#block(cid, bytes.length);
      return false;
    } catch (error) {
      // A file longer than the content is damaged too (it cannot hash to the CID).
      const damaged = error instanceof BlockCorruptError || error instanceof ContentTooLargeError;
      if (!damaged) throw error;
      await this.#node.blocks.delete(cid);
      await this.#node.blocks.put(cid, bytes);
      await this.#block(cid, bytes.length);
      return true;
    }
  }

  async #blockOrFallback(cid: CID, limit: number): Promise<Uint8Array> {
    try {
      return await this.#block(cid, limit);
    } catch (error) {
      if (!(error instanceof BlockNotFoundError) || !this.#fallback) throw error;
      const fetched = await this.#fallback(cid);
      if (fetched === undefined || fetched.length > limit) throw error;
      return fetched;
    }
  }

  /** One block, read within IPFS_READ_TIMEOUT_MS and `limit` bytes, refused unless it hashes to `cid`. */
  async #block(cid: CID, limit: number): Promise<Uint8Array> {
    const signal = AbortSignal.timeout(this.#options.readTimeoutMs);
    const source = this.#node.helia.blockstore.get(cid, { offline: true, signal });
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (;;) {
        const next = await raceAbort(Promise.resolve(source.next()), signal);
        if (next.done) break;
        total += next.value.length;
        if (total > limit) throw new ContentTooLargeError(total, limit, `block ${cid}`);
        chunks.push(next.value);
      }
    } catch (error) {
      // Closes the file handle of a read given up half way.
      void Promise.resolve(source.return(undefined)).catch(() => undefined);
      if (error instanceof IpfsStorageError) throw error;
      if (signal.aborted)
        throw new StoreTimeoutError(`reading ${cid}`, this.#options.readTimeoutMs);
      const name = (error as Error).name;
      if (name === "BlockNotFoundWhileOfflineError" || name === "NotFoundError") {
        throw new BlockNotFoundError(cid.toString());
      }
      throw new StoreFailedError(`reading ${cid}`, { cause: error });
    }
    const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    if (!(await matchesCid(cid, bytes))) throw new BlockCorruptError(cid.toString());
    return bytes;
  }
}

/** The IpfsStorageError in `error` or its causes (the UnixFS exporter may wrap ours). */
function innermost(error: unknown): IpfsStorageError | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof IpfsStorageError) return e;
  }
  return undefined;
}

function asStoreError(
  error: unknown,
  signal: AbortSignal,
  operation: string,
  timeoutMs: number,
): IpfsStorageError {
  const known = innermost(error);
  if (known) return known;
  if (signal.aborted) return new StoreTimeoutError(operation, timeoutMs);
  return new StoreFailedError(operation, { cause: error });
}
