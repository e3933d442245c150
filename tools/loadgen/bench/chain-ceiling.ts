/**
 * The local chain's own ceiling for the pipeline's hot path: append_compressed_messages
 * transactions of 1, 3 and 10 records (each signer appending its own records, no memo),
 * sent by concurrent clients without preflight and confirmed by polling, beside plain
 * transfers, in the same run. Messages per second = transactions per second x records.
 *
 *   tsx tools/loadgen/bench/chain-ceiling.ts [--txs 200] [--clients 8] [--out file.json]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { STATE_TREE_V1 } from "@pod/light";
import { spawnLocalChain } from "@pod/local-chain";
import { pdas, podInstruction, PROGRAM_ID } from "@pod/program";
import { Connection, Keypair, SystemProgram, Transaction } from "@solana/web3.js";
import { ensureProtocol, fund } from "../src/baseline/protocol-setup.js";
import { closeWebSocket } from "../src/baseline/naive-client.js";

const { values } = parseArgs({
  options: {
    txs: { type: "string", default: "200" },
    clients: { type: "string", default: "8" },
    out: { type: "string" },
  },
});
const TXS = Number(values.txs);
const CLIENTS = Number(values.clients);

function append(wallet: Keypair, records: number, tag: number): Transaction {
  const ix = podInstruction(
    "append_compressed_messages",
    {
      records: Array.from({ length: records }, (_, i) => ({
        sender: wallet.publicKey,
        envelope_hash: [...Buffer.alloc(32, (tag * 16 + i) % 251)],
      })),
    },
    {
      fee_payer: wallet.publicKey,
      authority: wallet.publicKey,
      protocol: pdas.protocol(),
      cpi_authority: pdas.cpiAuthority(),
      self_program: PROGRAM_ID,
      merkle_tree: STATE_TREE_V1,
    },
  );
  return new Transaction().add(ix);
}

const chain = await spawnLocalChain({});
const connection = new Connection(chain.rpcUrl, {
  commitment: "confirmed",
  wsEndpoint: chain.wsUrl,
});
const rows: { case: string; txPerSec: number; messagesPerSec: number }[] = [];
try {
  await ensureProtocol(connection, join(chain.ledger, "pod-upgrade-authority.json"));
  const wallets = Array.from({ length: CLIENTS }, () => Keypair.generate());
  await fund(
    connection,
    wallets.map((w) => w.publicKey),
    100,
  );
  for (const [name, records] of [
    ["transfer", 0],
    ["append 1 record", 1],
    ["append 3 records", 3],
    ["append 10 records", 10],
  ] as const) {
    const { blockhash } = await connection.getLatestBlockhash();
    const signed = Array.from({ length: TXS }, (_, i) => {
      const w = wallets[i % CLIENTS] as Keypair;
      const tx =
        records === 0
          ? new Transaction().add(
              SystemProgram.transfer({
                fromPubkey: w.publicKey,
                toPubkey: Keypair.generate().publicKey,
                lamports: 1_000_000 + i,
              }),
            )
          : append(w, records, i);
      tx.recentBlockhash = blockhash;
      tx.feePayer = w.publicKey;
      tx.sign(w);
      return tx.serialize();
    });
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < signed.length) {
          const signature = await connection.sendRawTransaction(signed[next++] as Buffer, {
            skipPreflight: true,
          });
          for (;;) {
            const [s] = (await connection.getSignatureStatuses([signature])).value;
            if (s !== null && s !== undefined) break;
            await new Promise((r) => setTimeout(r, 20));
          }
        }
      }),
    );
    const txPerSec = TXS / ((performance.now() - start) / 1000);
    rows.push({ case: name, txPerSec, messagesPerSec: txPerSec * records });
    console.log(`${name}: ${txPerSec.toFixed(1)} tx/s, ${(txPerSec * records).toFixed(0)} msg/s`);
  }
} finally {
  closeWebSocket(connection);
  await chain.stop();
}
console.table(
  rows.map((r) => ({
    ...r,
    txPerSec: r.txPerSec.toFixed(1),
    messagesPerSec: r.messagesPerSec.toFixed(0),
  })),
);
if (values.out !== undefined) {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(
    values.out,
    `${JSON.stringify({ at: new Date().toISOString(), clients: CLIENTS, rows }, null, 2)}\n`,
  );
}
