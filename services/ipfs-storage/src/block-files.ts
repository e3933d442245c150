import { open } from "node:fs/promises";
import path from "node:path";
import { FsBlockstore } from "blockstore-fs";
import { base32upper } from "multiformats/bases/base32";
import { CID } from "multiformats/cid";

/**
 * Where a block lives on disk: blockstore-fs's default layout ("NextToLast": the base32upper
 * multihash as the file name, its last two characters as the directory), held here so that
 * fsync and tests can name the file of a CID.
 */
export class BlockFiles {
  readonly extension = ".data";

  encode(cid: CID): { dir: string; file: string } {
    const name = base32upper.encoder.encode(cid.multihash.bytes);
    return { dir: name.substring(name.length - 2), file: `${name}${this.extension}` };
  }

  decode(file: string): CID {
    const name = path.basename(file, this.extension);
    return CID.decode(base32upper.decoder.decode(name));
  }

  /** The absolute path of `cid`'s block file under the blockstore `root`. */
  pathOf(root: string, cid: CID): string {
    const { dir, file } = this.encode(cid);
    return path.join(root, dir, file);
  }
}

/**
 * blockstore-fs writes a temporary file and renames it, without fsync: a block survives a
 * process crash but not a power cut. This one also fsyncs each new file, its directory, and the
 * root once per new directory, before put resolves, so an acked record's block is on disk.
 */
export class DurableFsBlockstore extends FsBlockstore {
  readonly #files: BlockFiles;
  readonly #syncedDirs = new Set<string>();

  constructor(location: string, files: BlockFiles) {
    super(location, { shardingStrategy: files });
    this.#files = files;
  }

  override async put(...args: Parameters<FsBlockstore["put"]>): Promise<CID> {
    const cid = await super.put(...args);
    const file = this.#files.pathOf(this.path, cid);
    const dir = path.dirname(file);
    await fsync(file);
    await fsync(dir);
    if (!this.#syncedDirs.has(dir)) {
      await fsync(this.path);
      this.#syncedDirs.add(dir);
    }
    return cid;
  }
}

async function fsync(file: string): Promise<void> {
  const handle = await open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
