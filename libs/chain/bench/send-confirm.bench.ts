/**
 * Confirmed transactions per second through @pod/chain's sendAndConfirm with 16-64 in
 * flight, beside web3.js's own sendAndConfirmTransaction at the same concurrency in the same
 * run, against a real local chain process (JSON-RPC over HTTP on this machine, 400 ms slots).
 *
 * Both sides sign the same kind of transfer, rotating the same fee payers: ours with a
 * blockhash from the cache, web3.js fetching one itself (it caches it for 30 s). Latency is
 * send to confirmed, per transaction. The two alternate in short rounds (ours, theirs, ours,
 * ...) so a swing in the machine's load hits both alike; each row gives the median round.
 *
 *   tsx libs/chain/bench/send-confirm.bench.ts [--txs 200] [--rounds 3] [--inflight 16,32,64]
 *     [--out file.json]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
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
    txs: { type: "string", default: "200" },
    rounds: { type: "string", default: "3" },
    inflight: { type: "string", default: "16,32,64" },
    payers: { type: "string", default: "16" },
    // 400 ms, a cluster's: web3.js caches a blockhash for 30 s, longer than 150 shorter slots.
    "slot-ms": { type: "string", default: "400" },
    out: { type: "string" },
  },
});
const TXS = Number(values.txs);
const ROUNDS = Number(values.rounds);
const IN_FLIGHT = values.inflight.split(",").map(Number);
const PAYERS = Number(values.payers);

interface Round {
  seconds: number;
  confirmed: number;
  latencies: number[];
  rpcCalls?: number;
}

interface Row {
  mode: string;
  inFlight: number;
  rounds: number;
  txsPerRound: number;
  confirmed: number;
  /** Median round; min and max show the spread. */
  txPerSecond: number;
  minTxPerSecond: number;
  maxTxPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  rpcCallsPerTx?: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

/** Runs `count` jobs with `inFlight` workers. */
async function run(count: number, inFlight: number, job: () => Promise<boolean>): Promise<Round> {
  let next = 0;
  let confirmed = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < count) {
        const t0 = performance.now();
        if (await job()) confirmed++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, confirmed, latencies };
}

function summarize(mode: string, inFlight: number, rounds: Round[]): Row {
  const rates = rounds.map((r) => r.confirmed / r.seconds).sort((a, b) => a - b);
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const confirmed = rounds.reduce((n, r) => n + r.confirmed, 0);
  const row: Row = {
    mode,
    inFlight,
    rounds: rounds.length,
    txsPerRound: TXS,
    confirmed,
    txPerSecond: Math.round(percentile(rates, 0.5)),
    minTxPerSecond: Math.round(rates[0] ?? NaN),
    maxTxPerSecond: Math.round(rates.at(-1) ?? NaN),
    p50Ms: Math.round(percentile(latencies, 0.5)),
    p99Ms: Math.round(percentile(latencies, 0.99)),
  };
  if (rounds.every((r) => r.rpcCalls !== undefined)) {
    const calls = rounds.reduce((n, r) => n + (r.rpcCalls ?? 0), 0);
    row.rpcCallsPerTx = Number((calls / (TXS * rounds.length)).toFixed(2));
  }
  return row;
}

function transfer(payer: Keypair, to: PublicKey, lamports: number) {
  return SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: to, lamports });
}

// web3.js's confirmTransaction leaves polls running after it resolves; once the chain is
// stopped they fail with nobody awaiting them. Those, and only after the runs, are ignored.
let finished = false;
process.on("unhandledRejection", (reason) => {
  if (finished) return;
  throw reason;
});

const loadBefore = loadavg()[0] ?? 0;
const chain = await spawnLocalChain({ light: false, slotMs: Number(values["slot-ms"]) });
const rows: Row[] = [];
try {
  const connection = new Connection(chain.rpcUrl, {
    commitment: "confirmed",
    wsEndpoint: chain.wsUrl,
  });
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
  // A distinct amount per transfer: no two transactions are alike under one blockhash.
  let amount = 1;

  // @pod/chain: pool + blockhash cache + fee-payer rotation + sendAndConfirm.
  async function ours(inFlight: number): Promise<Round> {
    const pool = new RpcPool({ urls: [chain.rpcUrl] });
    const blockhashes = new BlockhashCache(pool);
    const payers = new FeePayers(keypairs);
    try {
      const round = await run(TXS, inFlight, async () => {
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
      round.rpcCalls = pool.health().reduce((n, h) => n + h.calls, 0);
      return round;
    } finally {
      blockhashes.stop();
      pool.close();
    }
  }

  // Baseline: web3.js sendAndConfirmTransaction (preflight, websocket + status polling).
  const failures: string[] = [];
  async function theirs(inFlight: number): Promise<Round> {
    const payers = new FeePayers(keypairs);
    return run(TXS, inFlight, async () => {
      const payer = payers.next();
      const tx = new Transaction().add(transfer(payer, sink, amount++));
      try {
        await sendAndConfirmTransaction(connection, tx, [payer], { commitment: "confirmed" });
        return true;
      } catch (error) {
        failures.push(String(error).slice(0, 160));
        return false;
      }
    });
  }

  for (const inFlight of IN_FLIGHT) {
    const mine: Round[] = [];
    const base: Round[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      mine.push(await ours(inFlight));
      base.push(await theirs(inFlight));
    }
    rows.push(summarize("@pod/chain sendAndConfirm", inFlight, mine));
    console.log(JSON.stringify(rows.at(-1)));
    rows.push(summarize("web3.js sendAndConfirmTransaction", inFlight, base));
    console.log(JSON.stringify(rows.at(-1)));
  }
  if (failures.length > 0) console.log(`web3.js: ${failures.length} failed, first: ${failures[0]}`);
} finally {
  finished = true;
  await chain.stop("SIGKILL");
  rmSync(chain.ledger, { recursive: true, force: true });
}

const load = { before: loadBefore, after: loadavg()[0] ?? 0 };
console.table(rows);
console.log(
  `load average (1 min): ${load.before.toFixed(1)} before, ${load.after.toFixed(1)} after`,
);
if (values.out) {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(
    values.out,
    JSON.stringify(
      {
        bench: "chain-send-confirm",
        at: new Date().toISOString(),
        slotMs: Number(values["slot-ms"]),
        load,
        rows,
      },
      null,
      2,
    ),
  );
}
process.exit(0);
