// Back-fill, proof and verification cost of TreeFollower on the local chain, beside the naive
// way (rebuild a LocalTree from every leaf for each proof), same leaves, same run.
// Usage: node --expose-gc --import tsx libs/proof/bench/follow.bench.ts [--leaves 1000]
//   [--per-tx 10] [--runs 3] [--out bench-results/proof.json]
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { LocalTree, STATE_TREE_V1 } from "@pod/light";
import { fromHex, type InclusionProof } from "@pod/protocol";
import { TreeFollower, verifyInclusion, verifyMessageOnChain } from "../src/index.js";
import { startChainWriter, type LandedMessage } from "../test/support/chain-writer.js";
import { compressedDirect, newAgent } from "../test/support/requests.js";

const { values } = parseArgs({
  options: {
    leaves: { type: "string", default: "1000" },
    "per-tx": { type: "string", default: "10" },
    runs: { type: "string", default: "3" },
    baseline: { type: "string", default: "20" },
    out: { type: "string" },
  },
});
const leafCount = Number(values.leaves);
const perTx = Number(values["per-tx"]);
const runs = Number(values.runs);
const baselineSamples = Number(values.baseline);

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const round = (x: number, digits = 3) => Number(x.toPrecision(digits));

const writer = await startChainWriter();
const rows: Record<string, unknown>[] = [];
try {
  const alice = newAgent();
  const bob = newAgent();
  const landed: LandedMessage[] = [];
  const writeStart = process.hrtime.bigint();
  for (let i = 0; i < leafCount; i += perTx) {
    const batch = Array.from({ length: Math.min(perTx, leafCount - i) }, (_, j) =>
      compressedDirect(alice, bob, `bench message ${i + j}`),
    );
    landed.push(...(await writer.append(batch)));
  }
  console.log(
    `wrote ${landed.length} leaves in ${Math.ceil(leafCount / perTx)} transactions (${round(ms(writeStart) / 1000)} s)`,
  );

  // Back-fill from leaf 0: median of `runs` fresh followers.
  const backfills: number[] = [];
  let follower: TreeFollower | undefined;
  for (let r = 0; r < runs; r++) {
    follower = new TreeFollower({ source: writer.connection, pollMs: 0, logs: false });
    const start = process.hrtime.bigint();
    await follower.start();
    backfills.push(ms(start));
  }
  let f = follower!;
  follower = undefined;
  const status = f.status();
  if (status.leaves !== leafCount) throw new Error(`follower holds ${status.leaves} leaves`);
  const backfillMs = median(backfills);
  rows.push({
    case: "back-fill from leaf 0 (getSignaturesForAddress + getTransaction, local chain)",
    leaves: leafCount,
    ms: round(backfillMs),
    msPerLeaf: round(backfillMs / leafCount),
  });

  // proofFor for every message.
  let start = process.hrtime.bigint();
  const proofs: InclusionProof[] = landed.map((m) => f.proofFor(m.commitment)!);
  const proofMs = ms(start) / landed.length;
  rows.push({
    case: "follower: proofFor (commitment lookup + 26 siblings)",
    msPerProof: round(proofMs),
  });

  // Naive baseline: a LocalTree rebuilt from all leaves for each proof (leaves in memory; a
  // naive server would also re-read them from the chain, i.e. add the back-fill each time).
  const leaves = proofs.map((p) => ({ leafIndex: p.leafIndex, hash: fromHex(p.leaf)! }));
  start = process.hrtime.bigint();
  for (let i = 0; i < baselineSamples; i++) {
    const tree = new LocalTree();
    tree.appendAll(leaves);
    tree.prove(Math.floor((i * leafCount) / baselineSamples));
  }
  const baselineMs = ms(start) / baselineSamples;
  rows.push({
    case: "baseline: rebuild LocalTree from all leaves, then prove",
    msPerProof: round(baselineMs),
    vsFollower: round(baselineMs / proofMs),
  });

  // Verification against the tree account: fetched once, then per message.
  const account = await writer.connection.getAccountInfo(STATE_TREE_V1);
  const treeAccountData = account!.data;
  start = process.hrtime.bigint();
  landed.forEach((m, i) => {
    const result = verifyInclusion({ proof: proofs[i], commitment: m.commitment, treeAccountData });
    if (!result.ok) throw new Error(`proof ${i} refused: ${result.code}`);
  });
  const verifyMs = ms(start) / landed.length;
  rows.push({
    case: "verifyInclusion (schema, record, data hash, leaf, 26 Poseidon, root history)",
    msPerProof: round(verifyMs),
    treeAccountBytes: treeAccountData.length,
  });

  const sample = landed.slice(0, 50);
  start = process.hrtime.bigint();
  for (const [i, m] of sample.entries()) {
    const result = await verifyMessageOnChain(writer.connection, { event: m, proof: proofs[i] });
    if (!result.ok) throw new Error(`proof ${i} refused on chain: ${result.code}`);
  }
  rows.push({
    case: "verifyMessageOnChain (reads tree header + root ring each time)",
    msPerProof: round(ms(start) / sample.length),
  });

  // Memory per leaf, as retained size: the heap with the structure alive minus the heap once
  // it is dropped (the back-fill's RPC garbage is collected before either reading).
  await f.stop();
  const followerArrays = status.bytesHeld;
  let local: LocalTree | undefined = new LocalTree();
  local.appendAll(leaves);
  const localSize = local.size;
  const withBoth = heap();
  local = undefined;
  const withFollower = heap();
  f = undefined as unknown as TreeFollower;
  const withNeither = heap();
  if (localSize !== leafCount) throw new Error("baseline tree incomplete");
  const perLeaf = (bytes: number) => (gc ? round(bytes / leafCount) : "run with --expose-gc");
  rows.push({
    case: "memory per leaf (bytes)",
    followerArrays: round(followerArrays / leafCount),
    followerRetained: perLeaf(withFollower - withNeither),
    localTreeRetained: perLeaf(withBoth - withFollower),
  });

  console.table(rows);
  if (values.out) {
    await mkdir(dirname(values.out), { recursive: true });
    const report = {
      bench: "proof-follow",
      leaves: leafCount,
      perTx,
      runs,
      at: new Date().toISOString(),
      rows,
    };
    await writeFile(values.out, JSON.stringify(report, null, 2));
    console.log(`wrote ${values.out}`);
  }
} finally {
  await writer.stop();
}
