// Adds and verified gets per second of ipfs-storage's content store (offline helia, blockstore-fs
// with fsync, LevelDB pins) beside plain fs writeFile + fsync and readFile in the same run, for
// 1 KiB and 64 KiB content; and the process RSS. Usage: tsx services/ipfs-storage/bench/ipfs.bench.ts
// [--count 300] [--concurrency 16] [--out bench-results/ipfs.json]
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ContentStore } from "../src/content-store.js";
import { openIpfsNode } from "../src/ipfs-node.js";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "300" },
    concurrency: { type: "string", default: "16" },
    out: { type: "string" },
  },
});
const count = Number(values.count);
const concurrency = Number(values.concurrency);
const SIZES = [1024, 64 * 1024];

interface Row {
  case: string;
  size: string;
  ops: number;
  seconds: number;
  opsPerSec: number;
}
const rows: Row[] = [];

/** Runs `op(i)` for i in [0, count), `parallel` at a time, and records ops/s. */
async function measure(
  name: string,
  size: number,
  parallel: number,
  op: (i: number) => Promise<unknown>,
) {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) await op(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  rows.push({
    case: name,
    size: `${size / 1024} KiB`,
    ops: count,
    seconds,
    opsPerSec: Math.round(count / seconds),
  });
}

async function writeSynced(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(file, "w");
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const root = path.join(tmpdir(), `pod-ipfs-bench-${process.pid}`);
const rssStart = process.memoryUsage().rss;
try {
  for (const fsync of [true, false]) {
    const node = await openIpfsNode({ dir: path.join(root, `ipfs-${fsync}`), fsync });
    const store = new ContentStore(node, {
      maxContentBytes: 64 * 1024,
      readTimeoutMs: 10_000,
      writeTimeoutMs: 30_000,
    });
    await store.init();
    for (const size of SIZES) {
      for (const parallel of [1, concurrency]) {
        const contents = Array.from({ length: count }, () => randomBytes(size));
        const cids: Awaited<ReturnType<ContentStore["add"]>>["cid"][] = [];
        const label = `${fsync ? "fsync" : "no fsync"}, ${parallel} at a time`;
        await measure(`store.add (add + pin + verify), ${label}`, size, parallel, async (i) => {
          cids[i] = (await store.add(contents[i]!)).cid;
        });
        await measure(`store.read (verified), ${parallel} at a time`, size, parallel, (i) =>
          store.read(cids[i]!),
        );
        const plain = path.join(root, `plain-${fsync}-${size}-${parallel}`);
        await mkdir(plain, { recursive: true });
        await measure(
          `baseline: fs ${fsync ? "writeFile + fsync" : "writeFile"}, ${parallel} at a time`,
          size,
          parallel,
          (i) =>
            fsync
              ? writeSynced(path.join(plain, String(i)), contents[i]!)
              : writeFile(path.join(plain, String(i)), contents[i]!),
        );
        await measure(`baseline: fs readFile, ${parallel} at a time`, size, parallel, (i) =>
          readFile(path.join(plain, String(i))),
        );
      }
    }
    await store.close(5_000);
  }
} finally {
  await rm(root, { recursive: true, force: true });
}

const mib = (n: number) => Math.round(n / 1024 / 1024);
console.table(rows.map((r) => ({ ...r, seconds: r.seconds.toFixed(2) })));
const memory = { rssStartMiB: mib(rssStart), rssEndMiB: mib(process.memoryUsage().rss) };
console.log(memory);
if (values.out) {
  await mkdir(path.dirname(values.out), { recursive: true });
  const env = { node: process.version, at: new Date().toISOString(), count, concurrency };
  await writeFile(values.out, JSON.stringify({ env, rows, memory }, null, 2));
}
