/**
 * Confirmed transactions per second through @pod/chain's sendAndConfirm with 16-64 in
 * flight, beside web3.js's own sendAndConfirmTransaction at the same concurrency in the same
 * run, against a real local chain process (JSON-RPC over HTTP on this machine).
 *
 * Both sides sign the same kind of transfer (a fresh blockhash from the cache for ours, one
 * getLatestBlockhash per transaction for web3.js, as it does itself). Latency is send to
 * confirmed, per transaction.
 *
 *   tsx libs/chain/bench/send-confirm.bench.ts [--txs 600] [--inflight 16,32,64] [--out file.json]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import bs58 from "bs58";
import {
  Connection,
  Keypair,
  LAMPORTS_PER_SOL,
  SystemProgram,
  Transaction,
  TransactionMessage,
  VersionedTransaction,
  sendAndConfirmTransaction,
  type PublicKey,
} from "@solana/web3.js";
import { spawnLocalChain } from "@pod/local-chain";
import { BlockhashCache, FeePayers, RpcPool, sendAndConfirm } from "../src/index.js";

const { values } = parseArgs({
  options: {
    txs: { type: "string", default: "600" },
    inflight: { type: "string", default: "16,32,64" },
    payers: { type: "string", default: "16" },
    // 400 ms, a cluster's: web3.js caches a blockhash for 30 s, longer than 150 shorter slots.
    "slot-ms": { type: "string", default: "400" },
    out: { type: "string" },
  },
});
const TXS = Number(values.txs);
const IN_FLIGHT = values.inflight.split(",").map(Number);
const PAYERS = Number(values.payers);

interface Row {
  mode: string;
  inFlight: number;
  txs: number;
  confirmed: number;
  seconds: number;
  txPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  rpcCallsPerTx?: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

/** Runs `count` jobs with `inFlight` workers; returns per-job latencies and wall time. */
async function run(count: number, inFlight: number, job: (i: number) => Promise<boolean>) {
  let next = 0;
  let confirmed = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = performance.now();
        if (await job(i)) confirmed++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { seconds, confirmed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

function row(
  mode: string,
  inFlight: number,
  r: Awaited<ReturnType<typeof run>>,
  extra: Partial<Row> = {},
): Row {
  return {
    mode,
    inFlight,
    txs: TXS,
    confirmed: r.confirmed,
    seconds: Number(r.seconds.toFixed(2)),
    txPerSecond: Math.round(r.confirmed / r.seconds),
    p50Ms: Math.round(r.p50),
    p99Ms: Math.round(r.p99),
    ...extra,
  };
}

// web3.js's confirmTransaction leaves polls running after it resolves; once the chain is
// stopped they fail with nobody awaiting them. Those, and only after the runs, are ignored.
let finished = false;
process.on("unhandledRejection", (reason) => {
  if (finished) return;
  throw reason;
});

const chain = await spawnLocalChain({ light: false, slotMs: Number(values["slot-ms"]) });
const rows: Row[] = [];
try {
  const connection = new Connection(chain.rpcUrl, {
    commitment: "confirmed",
    wsEndpoint: chain.wsUrl,
  });
  const setupPool = new RpcPool({ urls: [chain.rpcUrl] });
  const keypairs = Array.from({ length: PAYERS }, () => Keypair.generate());
  const sink = Keypair.generate().publicKey;
  await Promise.all(
    [...keypairs.map((k) => k.publicKey), sink].map(async (key) => {
      const sig = await connection.requestAirdrop(key, 1_000 * LAMPORTS_PER_SOL);
      for (;;) {
        const [status] = (await connection.getSignatureStatuses([sig])).value;
        if (status) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }),
  );
  setupPool.close();
  let amount = 1;

  for (const inFlight of IN_FLIGHT) {
    // @pod/chain: pool + blockhash cache + fee-payer rotation + sendAndConfirm.
    const pool = new RpcPool({ urls: [chain.rpcUrl] });
    const blockhashes = new BlockhashCache(pool);
    const payers = new FeePayers(keypairs);
    const ours = await run(TXS, inFlight, async () => {
      const payer = payers.next();
      const { blockhash, lastValidBlockHeight } = await blockhashes.get();
      const tx = new VersionedTransaction(
        new TransactionMessage({
          payerKey: payer.publicKey,
          recentBlockhash: blockhash,
          instructions: [transfer(payer, sink, amount++)],
        }).compileToV0Message(),
      );
      tx.sign([payer]);
      const signature = bs58.encode(tx.signatures[0] as Uint8Array);
      const outcome = await sendAndConfirm(pool, tx.serialize(), {
        signature,
        lastValidBlockHeight,
      });
      return outcome.status === "confirmed";
    });
    const calls = pool.health().reduce((n, h) => n + h.calls, 0);
    blockhashes.stop();
    pool.close();
    rows.push(
      row("@pod/chain sendAndConfirm", inFlight, ours, {
        rpcCallsPerTx: Number((calls / TXS).toFixed(2)),
      }),
    );
    console.log(JSON.stringify(rows.at(-1)));

    // Baseline: web3.js sendAndConfirmTransaction (websocket + status polling, preflight).
    const rotation = new FeePayers(keypairs);
    const failures: string[] = [];
    const theirs = await run(TXS, inFlight, async () => {
      const payer = rotation.next();
      const tx = new Transaction().add(transfer(payer, sink, amount++));
      try {
        await sendAndConfirmTransaction(connection, tx, [payer], { commitment: "confirmed" });
        return true;
      } catch (error) {
        failures.push(String(error).slice(0, 120));
        return false;
      }
    });
    rows.push(row("web3.js sendAndConfirmTransaction", inFlight, theirs));
    if (failures.length > 0)
      console.log(`web3.js: ${failures.length} failed, first: ${failures[0]}`);
    console.log(JSON.stringify(rows.at(-1)));
  }
} finally {
  finished = true;
  await chain.stop("SIGKILL");
  rmSync(chain.ledger, { recursive: true, force: true });
}

function transfer(payer: Keypair, to: PublicKey, lamports: number) {
  return SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: to, lamports });
}

console.table(rows);
if (values.out) {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(
    values.out,
    JSON.stringify(
      { bench: "chain-send-confirm", at: new Date().toISOString(), txs: TXS, rows },
      null,
      2,
    ),
  );
}
process.exit(0);
