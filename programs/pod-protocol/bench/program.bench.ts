/**
 * Program benchmark: compute units per instruction, compressed records per transaction and
 * per-record cost, lamports per message per storage class beside the original protocol's,
 * and what verifying agent signatures on chain (ed25519 precompile) would add.
 * Usage: tsx bench/program.bench.ts [--out bench-results/program.json]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  Ed25519Program,
  Keypair,
  Transaction,
  TransactionMessage,
  type TransactionInstruction,
} from "@solana/web3.js";
import { STATE_TREE_V1 } from "@pod/light";
import { PACKET_DATA_SIZE } from "@pod/svm";
import { compressedLookupAddresses } from "../src/lookup-table.js";
import { installLookupTable } from "../test/support/lookup-table.js";
import { lightPod } from "../test/support/light.js";
import { Pod, requestId } from "../test/support/pod.js";
import { records } from "../test/support/records.js";
import { signedDigests } from "../test/support/signing.js";
import { ed25519Instruction } from "../src/ed25519.js";
import { runWorkload } from "../test/support/workload.js";

const LAMPORTS_PER_SOL = 1_000_000_000;
// The original PoD program's published cost per message.
const ORIGINAL = { direct: 0.00178, channel: 0.00878 };

function txBytes(pod: Pod, ixs: TransactionInstruction[], signers: Keypair[]): number {
  const tx = new Transaction().add(...ixs);
  tx.feePayer = pod.payer.publicKey;
  tx.recentBlockhash = pod.chain.svm.latestBlockhash().blockhash;
  tx.sign(pod.payer, ...signers);
  return tx.serialize({ verifySignatures: false, requireAllSignatures: false }).length;
}

function safeBytes(pod: Pod, ixs: TransactionInstruction[], signers: Keypair[]): number {
  try {
    return txBytes(pod, ixs, signers);
  } catch {
    return Number.POSITIVE_INFINITY; // web3.js refuses to serialize past the packet limit
  }
}

function maxRecordsPerTx(pod: Pod): number {
  let n = 1;
  while (
    n < 30 &&
    safeBytes(pod, [pod.appendCompressed(records(n + 1, "size"), pod.relayer)], [pod.relayer]) <=
      PACKET_DATA_SIZE
  )
    n++;
  return n;
}

function compressed() {
  const pod = lightPod();
  const max = maxRecordsPerTx(pod);
  const runs = [1, 5, max].map((n) => {
    const before = pod.chain.svm.getBalance(pod.payer.publicKey.toBase58());
    const ix = pod.appendCompressed(records(n, `bench${n}`), pod.relayer);
    const bytes = txBytes(pod, [ix], [pod.relayer]);
    const r = pod.ok(ix, [pod.relayer]);
    const spent = before - pod.chain.svm.getBalance(pod.payer.publicKey.toBase58());
    return {
      records: n,
      bytes,
      cu: Number(r.computeUnitsConsumed),
      fee: Number(r.fee),
      lightFees: Number(spent - r.fee),
    };
  });
  const first = runs[0]!;
  const last = runs[runs.length - 1]!;
  return {
    maxRecordsPerTx: max,
    runs,
    marginalCuPerRecord: Math.round((last.cu - first.cu) / (last.records - first.records)),
    averageCuPerRecordAtMax: Math.round(last.cu / last.records),
    lamportsPerRecordAtMax: Math.round((last.fee + last.lightFees) / last.records),
  };
}

/** The same with Light's fixed accounts, the PDAs and the tree in an address lookup table. */
function compressedWithLookupTable() {
  const pod = lightPod();
  const table = installLookupTable(pod.chain.svm, compressedLookupAddresses([STATE_TREE_V1]));
  const size = (n: number) => {
    try {
      const message = new TransactionMessage({
        payerKey: pod.payer.publicKey,
        recentBlockhash: pod.chain.svm.latestBlockhash().blockhash,
        instructions: [pod.appendCompressed(records(n, "alt"), pod.relayer)],
      }).compileToV0Message([table]);
      return 1 + 64 * 2 + message.serialize().length;
    } catch {
      return Number.POSITIVE_INFINITY;
    }
  };
  let n = 1;
  while (n < 30 && size(n + 1) <= PACKET_DATA_SIZE) n++;
  const before = pod.chain.svm.getBalance(pod.payer.publicKey.toBase58());
  const { result, bytes } = pod.chain.sendV0(
    [pod.appendCompressed(records(n, "alt"), pod.relayer)],
    [pod.relayer],
    [table],
  );
  if (!result.ok) throw new Error(`lookup-table append failed: ${result.logs.join("\n")}`);
  const spent = Number(before - pod.chain.svm.getBalance(pod.payer.publicKey.toBase58()));
  return {
    maxRecordsPerTx: n,
    bytes,
    cu: Number(result.computeUnitsConsumed),
    averageCuPerRecord: Math.round(Number(result.computeUnitsConsumed) / n),
    lamportsPerRecord: Math.round(spent / n),
  };
}

/** append_signed_messages: each message's ed25519 signature verified on chain. */
function signed() {
  const pod = lightPod();
  const ixs = (n: number) => [
    ed25519Instruction(signedDigests(n, `s${n}`)),
    pod.appendSigned(pod.relayer),
  ];
  let max = 1;
  while (max < 30 && safeBytes(pod, ixs(max + 1), [pod.relayer]) <= PACKET_DATA_SIZE) max++;
  const runs = [1, max].map((n) => {
    const before = pod.chain.svm.getBalance(pod.payer.publicKey.toBase58());
    const tx = ixs(n);
    const bytes = txBytes(pod, tx, [pod.relayer]);
    const r = pod.ok(tx, [pod.relayer]);
    const spent = Number(before - pod.chain.svm.getBalance(pod.payer.publicKey.toBase58()));
    return {
      records: n,
      bytes,
      cu: Number(r.computeUnitsConsumed),
      fee: Number(r.fee),
      lamports: spent,
    };
  });
  const [one, full] = runs as [(typeof runs)[0], (typeof runs)[0]];
  return {
    maxRecordsPerTx: max,
    runs,
    bytesPerMessage: (full.bytes - one.bytes) / (full.records - 1),
    marginalCuPerRecord: Math.round((full.cu - one.cu) / (full.records - 1)),
    lamportsPerRecordAtMax: Math.round(full.lamports / full.records),
  };
}

function direct() {
  const pod = Pod.create();
  const alice = pod.agent("alice");
  const bob = pod.agent("bob");
  pod.ok(pod.createChannel("general", alice.publicKey, alice), [alice]);
  pod.ok(pod.joinChannel("general", bob.publicKey, bob), [bob]);
  const measure = (ix: TransactionInstruction) => {
    const before = pod.chain.svm.getBalance(pod.payer.publicKey.toBase58());
    const r = pod.ok(ix, [pod.relayer]);
    const spent = Number(before - pod.chain.svm.getBalance(pod.payer.publicKey.toBase58()));
    return { cu: Number(r.computeUnitsConsumed), fee: Number(r.fee), rent: spent - Number(r.fee) };
  };
  return {
    direct: measure(pod.sendMessage(requestId("d"), alice.publicKey, bob.publicKey, pod.relayer)),
    channel: measure(pod.postToChannel(requestId("c"), bob.publicKey, "general", pod.relayer)),
  };
}

/** Bytes and cost of one ed25519 precompile signature check per message (32-byte digest signed). */
function ed25519() {
  const pod = Pod.create();
  const results = [1, 4].map((n) => {
    const ixs = Array.from({ length: n }, (_, i) =>
      Ed25519Program.createInstructionWithPrivateKey({
        privateKey: Keypair.generate().secretKey,
        message: Buffer.alloc(32, i),
      }),
    );
    const bytes = txBytes(pod, ixs, []);
    const r = pod.ok(ixs);
    return { signatures: n, bytes, cu: Number(r.computeUnitsConsumed), fee: Number(r.fee) };
  });
  const [one, four] = results as [(typeof results)[0], (typeof results)[0]];
  return {
    bytesPerMessage: (four.bytes - one.bytes) / 3,
    precompileCuPerMessage: (four.cu - one.cu) / 3,
    feeLamportsPerMessage: (four.fee - one.fee) / 3,
  };
}

const steps = runWorkload();
const perInstruction = steps.map((s) => ({
  step: s.label,
  cu: Number(s.result.computeUnitsConsumed),
}));
const c = compressed();
const alt = compressedWithLookupTable();
const sig = signed();
const d = direct();
const e = ed25519();
const sol = (l: number) => l / LAMPORTS_PER_SOL;
const classes = [
  {
    class: "direct (account per message)",
    lamports: d.direct.rent + d.direct.fee,
    rentRefundable: d.direct.rent,
    originalSol: ORIGINAL.direct,
  },
  {
    class: "channel (account per message)",
    lamports: d.channel.rent + d.channel.fee,
    rentRefundable: d.channel.rent,
    originalSol: ORIGINAL.channel,
  },
  {
    class: `compressed (${c.maxRecordsPerTx} per tx)`,
    lamports: c.lamportsPerRecordAtMax,
    rentRefundable: 0,
    originalSol: ORIGINAL.direct,
  },
  {
    class: `signed, verified on chain (${sig.maxRecordsPerTx} per tx)`,
    lamports: sig.lamportsPerRecordAtMax,
    rentRefundable: 0,
    originalSol: ORIGINAL.direct,
  },
  {
    class: `compressed + lookup table (${alt.maxRecordsPerTx} per tx)`,
    lamports: alt.lamportsPerRecord,
    rentRefundable: 0,
    originalSol: ORIGINAL.direct,
  },
].map((k) => ({
  ...k,
  sol: sol(k.lamports),
  vsOriginal: `${((sol(k.lamports) / k.originalSol) * 100).toFixed(1)}%`,
}));
const recordBytes = 64;
const withVerification = Math.floor(
  (PACKET_DATA_SIZE - (c.runs[0]!.bytes - recordBytes)) / (recordBytes + e.bytesPerMessage),
);

console.log("\nCompute units per instruction");
console.table(perInstruction);
console.log("\nCompressed messages (Light V1 state tree, one invoke_cpi per transaction)");
console.table(c.runs);
console.log(
  `records per tx: ${c.maxRecordsPerTx} (packet limit ${PACKET_DATA_SIZE} B); marginal CU/record ${c.marginalCuPerRecord}; ` +
    `average CU/record at max ${c.averageCuPerRecordAtMax}`,
);
console.log("\nCompressed messages with an address lookup table (v0 transaction)");
console.table([alt]);
console.log("\nLamports per message (rent + fee share) beside the original protocol");
console.table(classes);
console.log("\nSigned messages: ed25519 precompile + append_signed_messages (legacy tx)");
console.table(sig.runs);
console.log(
  `records per tx: ${sig.maxRecordsPerTx}; bytes per message ${sig.bytesPerMessage}; ` +
    `marginal CU/record ${sig.marginalCuPerRecord} (compressed: ${c.marginalCuPerRecord})`,
);
console.log("\nOne ed25519 precompile instruction per message (web3.js layout)");
console.table([{ ...e, compressedRecordsPerTxWithVerification: withVerification }]);

const outIndex = process.argv.indexOf("--out");
if (outIndex > 0) {
  const out = resolve(process.argv[outIndex + 1] ?? "bench-results/program.json");
  mkdirSync(dirname(out), { recursive: true });
  const report = {
    perInstruction,
    compressed: c,
    messageClasses: classes,
    ed25519: { ...e, compressedRecordsPerTxWithVerification: withVerification },
  };
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten ${out}`);
}
