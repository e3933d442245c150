/**
 * Transactions per second landed and confirmed through the local chain's JSON-RPC by
 * concurrent web3.js clients, beside the same kind of transactions executed in-process in the
 * same run: through @pod/svm from wire bytes (the baseline; what the server runs per
 * transaction) and through LiteSVM's own API. The ratio to the baseline is the cost of the
 * RPC layer (HTTP, JSON, base64, preflight, fsync per group commit).
 *
 *   tsx infra/local-chain/bench/rpc.bench.ts [--txs 2000] [--clients 16] [--out file.json]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { Connection, Keypair, LAMPORTS_PER_SOL, SystemProgram, Transaction } from "@solana/web3.js";
import { address, getTransactionDecoder, lamports } from "@solana/kit";
import { FailedTransactionMetadata, LiteSVM } from "litesvm";
import { SvmHarness } from "@pod/svm";
import { spawnChain } from "../test/support/spawn-chain.js";

const { values } = parseArgs({
  options: {
    txs: { type: "string", default: "2000" },
    clients: { type: "string", default: "16" },
    out: { type: "string" },
  },
});
const TXS = Number(values.txs);
const CLIENTS = Number(values.clients);

interface Row {
  mode: string;
  txs: number;
  seconds: number;
  txPerSecond: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

function signTransfers(payers: Keypair[], blockhash: string, count: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const payer = payers[i % payers.length] as Keypair;
    const tx = new Transaction({ feePayer: payer.publicKey, recentBlockhash: blockhash }).add(
      SystemProgram.transfer({
        fromPubkey: payer.publicKey,
        toPubkey: Keypair.generate().publicKey,
        lamports: 1_000_000 + i,
      }),
    );
    tx.sign(payer);
    out.push(tx.serialize());
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
}

// LiteSVM's own API (kit objects decoded before the clock starts): the runtime alone.
function bareLiteSvm(count: number): Row {
  const svm = new LiteSVM();
  const payers = Array.from({ length: CLIENTS }, () => Keypair.generate());
  for (const p of payers) {
    svm.airdrop(address(p.publicKey.toBase58()), lamports(1000n * BigInt(LAMPORTS_PER_SOL)));
  }
  const decoder = getTransactionDecoder();
  const txs = signTransfers(payers, svm.latestBlockhash(), count).map((b) => decoder.decode(b));
  const start = performance.now();
  for (const tx of txs) {
    if (svm.sendTransaction(tx) instanceof FailedTransactionMetadata) {
      throw new Error("bare LiteSVM transfer failed");
    }
  }
  const seconds = (performance.now() - start) / 1000;
  return row("in-process LiteSVM sendTransaction", count, seconds);
}

function row(mode: string, txs: number, seconds: number): Row {
  return { mode, txs, seconds, txPerSecond: txs / seconds, p50Ms: null, p99Ms: null };
}

function inProcess(count: number): Row {
  const svm = new SvmHarness();
  const payers = Array.from({ length: CLIENTS }, () => Keypair.generate());
  for (const p of payers) svm.airdrop(p.publicKey.toBase58(), 1000n * BigInt(LAMPORTS_PER_SOL));
  const txs = signTransfers(payers, svm.latestBlockhash().blockhash, count);
  const start = performance.now();
  for (const bytes of txs) {
    if (!svm.execute(bytes).ok) throw new Error("in-process transfer failed");
  }
  const seconds = (performance.now() - start) / 1000;
  return row("in-process @pod/svm execute (wire bytes)", count, seconds);
}

async function overHttp(
  connection: Connection,
  skipPreflight: boolean,
  count: number,
): Promise<Row> {
  const payers = Array.from({ length: CLIENTS }, () => Keypair.generate());
  const funding = await Promise.all(
    payers.map((p) => connection.requestAirdrop(p.publicKey, 1000 * LAMPORTS_PER_SOL)),
  );
  const statuses = await connection.getSignatureStatuses(funding);
  if (statuses.value.some((s) => s === null)) throw new Error("funding did not land");
  const { blockhash } = await connection.getLatestBlockhash();
  const txs = signTransfers(payers, blockhash, count);

  const latencies: number[] = [];
  let next = 0;
  // Each client sends one transaction, confirms it landed, then takes the next.
  const client = async (): Promise<void> => {
    while (next < txs.length) {
      const bytes = txs[next++] as Buffer;
      const t0 = performance.now();
      const signature = await connection.sendRawTransaction(bytes, { skipPreflight });
      const [status] = (await connection.getSignatureStatuses([signature])).value;
      if (status === null || status?.err !== null) throw new Error(`not landed: ${signature}`);
      latencies.push(performance.now() - t0);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    mode: `http send+confirm, ${CLIENTS} clients, ${skipPreflight ? "skipPreflight" : "preflight"}`,
    txs: count,
    seconds,
    txPerSecond: count / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

const chain = await spawnChain({ light: false, slotMs: 400 });
const connection = new Connection(chain.rpcUrl, {
  commitment: "confirmed",
  wsEndpoint: chain.wsUrl,
});
const rows: Row[] = [];
try {
  rows.push(inProcess(TXS));
  rows.push(bareLiteSvm(TXS));
  rows.push(await overHttp(connection, false, TXS));
  rows.push(await overHttp(connection, true, TXS));
} finally {
  await chain.stop();
}

const baseline = rows[0]?.txPerSecond ?? 1;
const fmt = (n: number | null, d = 1) => (n === null ? "-" : n.toFixed(d));
console.log("| mode | txs | s | tx/s | vs in-process | p50 ms | p99 ms |");
console.log("|---|---|---|---|---|---|---|");
for (const r of rows) {
  const ratio = (r.txPerSecond / baseline).toFixed(3);
  console.log(
    `| ${r.mode} | ${r.txs} | ${fmt(r.seconds, 2)} | ${fmt(r.txPerSecond, 0)} | ${ratio} | ` +
      `${fmt(r.p50Ms)} | ${fmt(r.p99Ms)} |`,
  );
}

if (values.out) {
  mkdirSync(dirname(values.out), { recursive: true });
  const result = {
    bench: "local-chain rpc",
    at: new Date().toISOString(),
    node: process.version,
    clients: CLIENTS,
    rows: rows.map((r) => ({ ...r, ratioToInProcess: r.txPerSecond / baseline })),
  };
  writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${values.out}`);
}
