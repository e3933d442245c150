import { execFileSync } from "node:child_process";
import { open as openFile, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { unixfs } from "@helia/unixfs";
import { tmpDir, type TmpDir } from "@pod/testing";
import { CID } from "multiformats/cid";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DAG_PB_CODE, RAW_CODE, rawCidOf } from "../src/cid.js";
import { ContentStore } from "../src/content-store.js";
import { BlockCorruptError, BlockNotFoundError } from "../src/errors.js";
import { openIpfsNode, type IpfsNode } from "../src/ipfs-node.js";

let dir: TmpDir;
let node: IpfsNode;
let store: ContentStore;

async function open(maxContentBytes = 64 * 1024): Promise<void> {
  node = await openIpfsNode({ dir: path.join(dir.path, "ipfs"), fsync: true });
  store = new ContentStore(node, { maxContentBytes, readTimeoutMs: 2_000, writeTimeoutMs: 5_000 });
  await store.init();
}

beforeEach(async () => {
  dir = await tmpDir("pod-ipfs-store-");
});
afterEach(async () => {
  await store?.close(2_000);
  await dir.remove();
});

const bytesOf = (n: number, seed: number) =>
  Uint8Array.from({ length: n }, (_, i) => (i ^ seed) % 256);

describe("the content store on an offline helia node", () => {
  it("a pinned block survives helia's gc() and a reopen; an unpinned one is collected", async () => {
    await open();
    const kept = bytesOf(3000, 5);
    const { cid } = await store.add(kept);
    // Added through helia without a pin, as anything else writing to the node would.
    const loose = await unixfs(node.helia).addBytes(bytesOf(100, 9), {
      cidVersion: 1,
      rawLeaves: true,
    });
    expect(await node.helia.blockstore.has(loose)).toBe(true);

    await store.gc();
    expect(await node.helia.blockstore.has(loose)).toBe(false);
    await expect(store.read(loose)).rejects.toBeInstanceOf(BlockNotFoundError);
    expect(Buffer.from(await store.read(cid))).toEqual(Buffer.from(kept));

    await store.close(2_000);
    await open();
    await store.gc();
    expect(Buffer.from(await store.read(cid))).toEqual(Buffer.from(kept));
    expect((await store.probe()).ok).toBe(true);
  });

  it("adding the same content twice gives the same CIDv1 raw and writes one block", async () => {
    await open();
    const content = bytesOf(1024, 1);
    const first = await store.add(content);
    const second = await store.add(content);
    expect(first.cid.equals(second.cid)).toBe(true);
    expect(first.cid.equals(await rawCidOf(content))).toBe(true);
    expect(first.cid.code).toBe(RAW_CODE);
    expect([first.added, second.added]).toEqual([true, false]);
  });

  it("content over one chunk is a dag-pb root over raw leaves, and every leaf is hash-checked on read", async () => {
    await open(2 * 1024 * 1024);
    const content = bytesOf(1.5 * 1024 * 1024, 3);
    const { cid } = await store.add(content);
    expect(cid.code).toBe(DAG_PB_CODE);
    // toEqual walks 1.5 MiB element by element; Buffer.equals compares in one call.
    expect(Buffer.from(await store.read(cid)).equals(content)).toBe(true);

    // The leaves: every block other than the root and the readiness probe.
    const probe = await rawCidOf(new TextEncoder().encode("pod ipfs-storage readiness probe\n"));
    const leaves: CID[] = [];
    for await (const pair of node.blocks.getAll()) {
      const leaf = CID.createV1(RAW_CODE, pair.cid.multihash);
      if (
        !leaf.multihash.bytes.every((b, i) => b === cid.multihash.bytes[i]) &&
        !leaf.equals(probe)
      ) {
        leaves.push(leaf);
      }
    }
    expect(leaves.length).toBeGreaterThanOrEqual(2);
    const file = node.files.pathOf(node.blocksDir, leaves[1]!);
    const altered = Buffer.from(await readFile(file));
    altered.writeUInt8(altered.readUInt8(altered.length - 1) ^ 0x01, altered.length - 1);
    await writeFile(file, altered);
    await expect(store.read(cid)).rejects.toBeInstanceOf(BlockCorruptError);
  });

  it("storing again repairs a block file that grew on disk, and the probe exists under a tiny limit", async () => {
    await open(40);
    const content = bytesOf(30, 2);
    const { cid } = await store.add(content);
    const file = node.files.pathOf(node.blocksDir, cid);
    await writeFile(file, Buffer.concat([Buffer.from(content), Buffer.alloc(100)]));
    await expect(store.read(cid)).rejects.toMatchObject({ code: "TOO_LARGE" });
    expect((await store.add(content)).repaired).toBe(true);
    expect(Buffer.from(await store.read(cid))).toEqual(Buffer.from(content));
    expect((await store.probe()).ok).toBe(true);
  });

  it("a missing block fails at once, offline, instead of waiting for a network", async () => {
    await open();
    const absent = await rawCidOf(bytesOf(10, 42));
    const started = Date.now();
    await expect(store.read(absent)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(store.readBlock(absent)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("a block read that blocks (its file is a FIFO nobody writes) fails with IPFS_TIMEOUT in its bound", async () => {
    node = await openIpfsNode({ dir: path.join(dir.path, "ipfs"), fsync: false });
    store = new ContentStore(node, {
      maxContentBytes: 1024,
      readTimeoutMs: 300,
      writeTimeoutMs: 5_000,
    });
    await store.init();
    const { cid } = await store.add(bytesOf(100, 7));
    const file = node.files.pathOf(node.blocksDir, cid);
    await rm(file);
    execFileSync("mkfifo", [file]);

    const started = Date.now();
    await expect(store.read(cid)).rejects.toMatchObject({ code: "IPFS_TIMEOUT" });
    expect(Date.now() - started).toBeLessThan(1_500);
    // Opening the FIFO for writing releases the blocked open in the thread pool.
    const writer = await openFile(file, "w");
    await writer.close();
  });

  it("close() is bounded and refuses work afterwards", async () => {
    await open();
    const started = Date.now();
    expect(await store.close(2_000)).toEqual({ timedOut: false });
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(store.add(bytesOf(10, 1))).rejects.toMatchObject({ code: "IPFS_NODE_STOPPED" });
    expect((await store.probe()).ok).toBe(false);
  });
});
