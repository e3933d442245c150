/**
 * The pipeline's hot path inside the chain process, without HTTP: append_compressed_messages
 * transactions (records appended to Light's 1.3 MB V1 state tree through the PoD program's
 * CPI) plus a memo instruction, simulated (as preflight does) and then submitted through
 * LocalChain with several in flight (ledger record, group-committed fsync), beside plain
 * transfers. What this reports is the chain's own per-transaction cost; the RPC layer comes
 * on top (rpc.bench.ts, tools/loadgen/bench/chain-ceiling.ts).
 *
 *   tsx infra/local-chain/bench/append.bench.ts [--txs 400] [--records 10] [--inflight 8]
 *     [--out file.json]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import {
  Keypair,
  PublicKey,
  SystemProgram,
  Transaction,
  TransactionInstruction,
} from "@solana/web3.js";
import { STATE_TREE_V1 } from "@pod/light";
import { LocalChain } from "../src/chain/chain.js";
import { DEFAULT_POD_PROGRAM } from "../src/config.js";

const { values } = parseArgs({
  options: {
    txs: { type: "string", default: "400" },
    records: { type: "string", default: "10" },
    inflight: { type: "string", default: "8" },
    out: { type: "string" },
  },
});
const TXS = Number(values.txs);
const RECORDS = Number(values.records);
const INFLIGHT = Number(values.inflight);
const MEMO_PROGRAM = new PublicKey("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr");

const pod = await import("@pod/program");

function appendTx(wallet: Keypair, blockhash: string, tag: number): Buffer {
  const ix = pod.podInstruction(
    "append_compressed_messages",
    {
      records: Array.from({ length: RECORDS }, (_, i) => ({
        sender: wallet.publicKey,
        envelope_hash: [...Buffer.alloc(32, (tag * 16 + i) % 251)],
      })),
    },
    {
      fee_payer: wallet.publicKey,
      authority: wallet.publicKey,
      protocol: pod.pdas.protocol(),
      cpi_authority: pod.pdas.cpiAuthority(),
      self_program: pod.PROGRAM_ID,
      merkle_tree: STATE_TREE_V1,
    },
  );
  // A short memo: the records already fill most of the packet.
  const memoText = ["pod1", `bafy${tag}`];
  const memo = new TransactionInstruction({
    programId: MEMO_PROGRAM,
    keys: [],
    data: Buffer.from(memoText.join("\n")),
  });
  const tx = new Transaction({ feePayer: wallet.publicKey, recentBlockhash: blockhash }).add(
    ix,
    memo,
  );
  tx.sign(wallet);
  return tx.serialize();
}

function transferTx(wallet: Keypair, blockhash: string, i: number): Buffer {
  const tx = new Transaction({ feePayer: wallet.publicKey, recentBlockhash: blockhash }).add(
    SystemProgram.transfer({
      fromPubkey: wallet.publicKey,
      toPubkey: Keypair.generate().publicKey,
      lamports: 1_000_000 + i,
    }),
  );
  tx.sign(wallet);
  return tx.serialize();
}

interface Row {
  case: string;
  txs: number;
  seconds: number;
  txPerSecond: number;
  msPerTx: number;
  /** CPU time of this process per transaction: steadier than wall time on a shared machine. */
  cpuMsPerTx: number;
}

let cpuMark = process.cpuUsage();

/** Starts the CPU clock of the next row. */
function mark(): void {
  cpuMark = process.cpuUsage();
}

function row(name: string, txs: number, seconds: number): Row {
  const cpu = process.cpuUsage(cpuMark);
  const cpuMsPerTx = (cpu.user + cpu.system) / 1000 / txs;
  return {
    case: name,
    txs,
    seconds,
    txPerSecond: txs / seconds,
    msPerTx: (seconds * 1000) / txs,
    cpuMsPerTx,
  };
}

async function submitAll(chain: LocalChain, txs: Buffer[]): Promise<number> {
  let next = 0;
  mark();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: INFLIGHT }, async () => {
      while (next < txs.length) {
        const result = await chain.submit(txs[next++] as Buffer);
        if (!result.landed || result.tx.err !== null) {
          throw new Error(`did not land: ${JSON.stringify(result)}`);
        }
      }
    }),
  );
  return (performance.now() - start) / 1000;
}

const dir = mkdtempSync(join(tmpdir(), "local-chain-bench-"));
const { chain } = await LocalChain.open({
  ledgerDir: dir,
  slotMs: 400,
  genesis: {
    podProgramPath: DEFAULT_POD_PROGRAM,
    podAuthorityPath: join(dir, "pod-upgrade-authority.json"),
    light: true,
    programs: [],
  },
});
const rows: Row[] = [];
try {
  const admin = Keypair.fromSecretKey(
    Uint8Array.from(
      JSON.parse(readFileSync(join(dir, "pod-upgrade-authority.json"), "utf8")) as number[],
    ),
  );
  const wallets = Array.from({ length: INFLIGHT }, () => Keypair.generate());
  for (const w of wallets) await chain.airdrop(w.publicKey.toBase58(), 100_000_000_000n);
  const { blockhash } = chain.harness.latestBlockhash();
  const init = new Transaction({ feePayer: admin.publicKey, recentBlockhash: blockhash }).add(
    pod.podInstruction(
      "initialize",
      { limits: { max_ttl_secs: 86_400, max_channel_participants: 10_000, max_batch: 16 } },
      { payer: admin.publicKey, admin: admin.publicKey, protocol: pod.pdas.protocol() },
    ),
  );
  init.sign(admin);
  const initialized = await chain.submit(init.serialize());
  if (!initialized.landed || initialized.tx.err !== null) throw new Error("initialize failed");

  // Warm-up: the first runs compile the programs and fill caches.
  const warm = Array.from({ length: 20 }, (_, i) =>
    appendTx(wallets[i % INFLIGHT] as Keypair, blockhash, 100_000 + i),
  );
  await submitAll(chain, warm);

  const transfers = Array.from({ length: TXS }, (_, i) =>
    transferTx(wallets[i % INFLIGHT] as Keypair, blockhash, i),
  );
  rows.push(row(`submit transfer, ${INFLIGHT} in flight`, TXS, await submitAll(chain, transfers)));

  const appends = Array.from({ length: TXS }, (_, i) =>
    appendTx(wallets[i % INFLIGHT] as Keypair, blockhash, i),
  );
  mark();
  let start = performance.now();
  for (const bytes of appends) {
    const sim = chain.simulate(bytes, {});
    if (sim.err !== null) throw new Error(`simulation failed: ${JSON.stringify(sim.err)}`);
  }
  rows.push(row(`simulate append ${RECORDS} + memo`, TXS, (performance.now() - start) / 1000));
  rows.push(
    row(
      `submit append ${RECORDS} + memo, ${INFLIGHT} in flight`,
      TXS,
      await submitAll(chain, appends),
    ),
  );

  const more = Array.from({ length: TXS }, (_, i) =>
    appendTx(wallets[i % INFLIGHT] as Keypair, blockhash, 50_000 + i),
  );
  mark();
  start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: INFLIGHT }, async () => {
      while (next < more.length) {
        const bytes = more[next++] as Buffer;
        if (chain.simulate(bytes, {}).err !== null) throw new Error("preflight failed");
        const result = await chain.submit(bytes);
        if (!result.landed || result.tx.err !== null) throw new Error("append did not land");
      }
    }),
  );
  rows.push(
    row(
      `simulate + submit append ${RECORDS} + memo, ${INFLIGHT} in flight`,
      TXS,
      (performance.now() - start) / 1000,
    ),
  );
} finally {
  await chain.close();
  rmSync(dir, { recursive: true, force: true });
}

console.log("| case | txs | s | tx/s | ms/tx | CPU ms/tx |");
console.log("|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(
    `| ${r.case} | ${r.txs} | ${r.seconds.toFixed(2)} | ${r.txPerSecond.toFixed(0)} | ` +
      `${r.msPerTx.toFixed(2)} | ${r.cpuMsPerTx.toFixed(2)} |`,
  );
}
if (values.out !== undefined) {
  mkdirSync(dirname(values.out), { recursive: true });
  const result = { bench: "local-chain append", at: new Date().toISOString(), rows };
  writeFileSync(values.out, `${JSON.stringify({ ...result, node: process.version }, null, 2)}\n`);
  console.log(`wrote ${values.out}`);
}
