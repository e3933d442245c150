/**
 * Records per second landed on the local chain by the bundler packing records into
 * transactions, beside the same bundler sending one transaction per record (BUNDLER_MAX_BATCH
 * 1), in the same run on the same chain. Prints records per transaction, compute units per
 * transaction and lamports per message for each, and writes the table as JSON (--out).
 *
 *   pnpm exec tsx services/tx-bundler/bench/packing.bench.ts --records 300 --out bench-results/tx-bundler.json
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { connectBus, ensureTopology, publish } from "@pod/bus";
import { spawnLocalChain } from "@pod/local-chain";
import {
  buildReady,
  generateKeypair,
  newRequestId,
  signRequest,
  subjects,
  type ReadyPayload,
  type RecordConfirmedEvent,
  type UnsignedRequest,
} from "@pod/protocol";
import { STATE_TREE_V1 } from "@pod/light";
import { compressedLookupAddresses } from "@pod/program";
import { startService } from "@pod/runtime";
import {
  AddressLookupTableProgram,
  Connection,
  Keypair,
  sendAndConfirmTransaction,
  Transaction,
} from "@solana/web3.js";
import { startNats, tmpDir } from "@pod/testing";
import { txBundlerService } from "../src/service.js";

const { values } = parseArgs({
  options: {
    records: { type: "string", default: "300" },
    "cid-share": { type: "string", default: "0.25" },
    out: { type: "string" },
  },
});
const N = Number(values.records);
const CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

function messages(n: number): ReadyPayload[] {
  const from = generateKeypair();
  const to = generateKeypair();
  return Array.from({ length: n }, (_, i) => {
    const text = `message ${i}: short agent chatter`;
    const unsigned = {
      v: 1,
      id: newRequestId(),
      op: "send_direct",
      ts: Date.now(),
      body: { to: to.address, content: { text }, contentType: "text/plain" },
    } as UnsignedRequest;
    const request = signRequest(unsigned, from);
    const useCid = i % Math.round(1 / Number(values["cid-share"])) === 0;
    return useCid
      ? buildReady(request, "compressed", { cid: CID })
      : buildReady(request, "inline", {
          compressedContent: Buffer.from(text).toString("base64"),
          contentEncoding: "identity",
        });
  });
}

const nats = await startNats();
const chain = await spawnLocalChain({});
const data = await tmpDir("tx-bundler-bench-");
const bus = await connectBus({ ...nats.connectionOptions(), name: "bench" });
await ensureTopology(bus.jsm);
const baseEnv = {
  NATS_URL: nats.url,
  SOLANA_RPC_URL: chain.rpcUrl,
  DATA_DIR: data.path,
  SERVICE_HTTP_PORT: "0",
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "error",
  BUNDLER_ADMIN_KEYPAIR: join(chain.ledger, "pod-upgrade-authority.json"),
  BUNDLER_AIRDROP_LAMPORTS: String(1_000e9),
  BUNDLER_CONFIRM_POLL_MS: "50",
};

interface Row {
  mode: string;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  transactions: number;
  recordsPerTx: number;
  computeUnitsPerTx: number;
  lamportsPerMessage: number;
}

async function run(mode: string, env: Record<string, string>): Promise<Row> {
  const service = await startService(txBundlerService, { env: { ...baseEnv, ...env } });
  const records = messages(N);
  const confirmed = new Map<string, RecordConfirmedEvent>();
  const sub = bus.nc.subscribe(subjects.event("record", "confirmed"));
  const done = (async () => {
    for await (const m of sub) {
      const e = m.json<RecordConfirmedEvent>();
      confirmed.set(e.requestKey, e);
      if (confirmed.size >= N) break;
    }
  })();
  const started = performance.now();
  await Promise.all(
    records.map((r) =>
      publish(bus, subjects.pipeline("ready", r.op), r, { msgId: `ready:${r.record.requestKey}` }),
    ),
  );
  await done;
  const seconds = (performance.now() - started) / 1000;
  sub.unsubscribe();
  await service.stop("bench");
  const events = [...confirmed.values()];
  const txs = new Map(events.map((e) => [e.signature, e]));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    mode,
    records: N,
    seconds: Number(seconds.toFixed(2)),
    recordsPerSecond: Math.round(N / seconds),
    transactions: txs.size,
    recordsPerTx: Number((N / txs.size).toFixed(2)),
    computeUnitsPerTx: Math.round(sum([...txs.values()].map((e) => e.computeUnits)) / txs.size),
    lamportsPerMessage: Math.round(sum(events.map((e) => e.lamportsPerMessage)) / events.length),
  };
}

/** A lookup table holding the append's fixed accounts, as an operator would create it. */
async function lookupTable(): Promise<string> {
  const connection = new Connection(chain.rpcUrl, {
    commitment: "confirmed",
    wsEndpoint: chain.wsUrl,
  });
  const owner = Keypair.generate();
  await connection.confirmTransaction(await connection.requestAirdrop(owner.publicKey, 1e9));
  const [create, table] = AddressLookupTableProgram.createLookupTable({
    authority: owner.publicKey,
    payer: owner.publicKey,
    recentSlot: (await connection.getSlot()) - 1,
  });
  const extend = AddressLookupTableProgram.extendLookupTable({
    lookupTable: table,
    authority: owner.publicKey,
    payer: owner.publicKey,
    addresses: compressedLookupAddresses([STATE_TREE_V1]),
  });
  await sendAndConfirmTransaction(connection, new Transaction().add(create, extend), [owner]);
  // A table is usable from the slot after its extension.
  await new Promise((r) => setTimeout(r, 1_000));
  return table.toBase58();
}

try {
  const rows = [
    await run("packed", {}),
    await run("packed, no CU limit ix", { BUNDLER_SET_CU_LIMIT: "false" }),
    await run("one tx per record", { BUNDLER_MAX_BATCH: "1" }),
    await run("packed + lookup table", { BUNDLER_LOOKUP_TABLE: await lookupTable() }),
  ];
  console.table(rows);
  const base = rows[2]!;
  console.log(
    `packing lands ${(rows[0]!.recordsPerSecond / base.recordsPerSecond).toFixed(2)}x the records/s ` +
      `at ${(rows[0]!.lamportsPerMessage / base.lamportsPerMessage).toFixed(3)} of the lamports per message`,
  );
  if (values.out) {
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, JSON.stringify({ at: new Date().toISOString(), rows }, null, 2));
  }
} finally {
  await bus.close();
  await chain.stop("SIGKILL");
  await nats.stop();
  await data.remove();
}
