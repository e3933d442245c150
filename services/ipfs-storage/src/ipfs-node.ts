import "./polyfills.js";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { FsBlockstore } from "blockstore-fs";
import { LevelDatastore } from "datastore-level";
import { createHeliaLight, type Helia } from "helia";
import { BlockFiles, DurableFsBlockstore } from "./block-files.js";
import { StoreOpenError } from "./errors.js";

export interface IpfsNodeOptions {
  /** Parent directory; blocks go to `<dir>/blocks`, pins and helia's own keys to `<dir>/datastore`. */
  dir: string;
  /** fsync each new block (see DurableFsBlockstore). */
  fsync: boolean;
}

/** An offline helia node on its on-disk stores, with the stores kept for direct access. */
export interface IpfsNode {
  helia: Helia;
  /** The block files themselves, under helia (no pin checks, no GC lock). */
  blocks: FsBlockstore;
  files: BlockFiles;
  blocksDir: string;
  /** Stops helia and closes both stores; resolves within `timeoutMs` whatever they do. */
  stop(timeoutMs: number): Promise<{ timedOut: boolean }>;
}

/**
 * Opens the stores and starts helia without libp2p: no block brokers, no routers, so nothing is
 * ever asked of a network and a missing block is an error rather than a wait. LevelDB keeps the
 * datastore (pins) because its LOCK file stops a second instance from sharing the directory,
 * and it is what helia's maintainers recommend over datastore-fs.
 */
export async function openIpfsNode(options: IpfsNodeOptions): Promise<IpfsNode> {
  const blocksDir = path.join(options.dir, "blocks");
  const datastoreDir = path.join(options.dir, "datastore");
  const files = new BlockFiles();
  const blocks = options.fsync
    ? new DurableFsBlockstore(blocksDir, files)
    : new FsBlockstore(blocksDir, { shardingStrategy: files });
  const datastore = new LevelDatastore(datastoreDir);
  try {
    await mkdir(options.dir, { recursive: true });
    await blocks.open();
    await datastore.open();
  } catch (cause) {
    await datastore.close().catch(() => undefined);
    throw new StoreOpenError(options.dir, { cause });
  }
  const helia = createHeliaLight({ blockstore: blocks, datastore });
  try {
    await helia.start();
  } catch (cause) {
    await datastore.close().catch(() => undefined);
    throw new StoreOpenError(options.dir, { cause });
  }

  let stopping: Promise<{ timedOut: boolean }> | undefined;
  return {
    helia,
    blocks,
    files,
    blocksDir,
    stop(timeoutMs) {
      // helia.stop() does not close a LevelDatastore (it has no stop()); the LOCK would stay
      // held until the process exits, so close both stores here.
      stopping ??= bounded(
        (async () => {
          await helia.stop();
          await Promise.all([blocks.close(), datastore.close()]);
        })(),
        timeoutMs,
      );
      return stopping;
    },
  };
}

async function bounded(work: Promise<void>, timeoutMs: number): Promise<{ timedOut: boolean }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((done) => {
    timer = setTimeout(() => done("timeout"), timeoutMs);
    timer.unref();
  });
  try {
    return {
      timedOut: (await Promise.race([work.then(() => "done" as const), deadline])) === "timeout",
    };
  } finally {
    clearTimeout(timer);
  }
}
