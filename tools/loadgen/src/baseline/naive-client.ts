import { STATE_TREE_V1 } from "@pod/light";
import { pdas, podInstruction, PROGRAM_ID } from "@pod/program";
import {
  commitmentOf,
  encodeContentMemo,
  MEMO_PROGRAM_ID,
  signRequest,
  newRequestId,
  type Keypair as PodKeypair,
  keypairFromSecretKey,
} from "@pod/protocol";
import {
  Connection,
  Keypair,
  PublicKey,
  sendAndConfirmTransaction,
  Transaction,
  TransactionInstruction,
} from "@solana/web3.js";
import { CodeCounter } from "../stats/counters.js";
import { LatencyHistogram, type LatencySummary } from "../stats/histogram.js";
import { smallText } from "../workload/content.js";
import { Random } from "../workload/random.js";
import { ensureProtocol, fund } from "./protocol-setup.js";

export interface BaselineOptions {
  rpcUrl: string;
  /** WebSocket URL for confirmations; web3.js derives port + 1 from rpcUrl when omitted. */
  wsUrl?: string;
  /** Clients sending at once, each its own agent key and fee payer. */
  clients: number;
  /** Stop starting new sends after this long. */
  durationMs: number;
  /** Stop after this many messages in all, if sooner. */
  maxMessages?: number;
  /** The program's upgrade authority, needed only when the protocol is not initialized. */
  adminKeypairPath?: string;
  seed?: number;
  /** Called after each confirmed message (live display). */
  onMessage?: (confirmed: number) => void;
}

export interface BaselineFigures {
  mode: string;
  clients: number;
  confirmed: number;
  failed: Record<string, number>;
  seconds: number;
  confirmedPerSec: number;
  /** Per message: build and sign the request, then send and confirm its own transaction. */
  latency: LatencySummary;
  /** Lamports the clients' balances fell by, per confirmed message. */
  lamportsPerMessage: number;
  recordsPerTransaction: number;
  protocol: "existing" | "initialized";
}

export const BASELINE_MODE =
  "one transaction per message: the agent signs append_compressed_messages (1 record, itself " +
  "as authority) + its content in a memo, web3.js sendAndConfirmTransaction";

/**
 * The naive client the pipeline is compared with: every agent writes each of its messages
 * straight to the chain in its own transaction and waits for it (what an agent does without
 * the pipeline), a few agents at once, closed loop.
 */
export async function runBaseline(options: BaselineOptions): Promise<BaselineFigures> {
  const connection = new Connection(options.rpcUrl, {
    commitment: "confirmed",
    ...(options.wsUrl === undefined ? {} : { wsEndpoint: options.wsUrl }),
  });
  const protocol = await ensureProtocol(connection, options.adminKeypairPath);
  const clients = Array.from({ length: options.clients }, () => Keypair.generate());
  await fund(
    connection,
    clients.map((c) => c.publicKey),
    10,
  );
  const before = await balances(connection, clients);
  const rng = new Random(options.seed ?? 1);
  const latency = new LatencyHistogram();
  const failed = new CodeCounter();
  const recipient = Keypair.generate().publicKey.toBase58();
  const max = options.maxMessages ?? Number.POSITIVE_INFINITY;
  let started = 0;
  let confirmed = 0;

  const start = performance.now();
  const deadline = start + options.durationMs;
  let lastDone = start;
  const client = async (wallet: Keypair) => {
    const agent = keypairFromSecretKey(wallet.secretKey);
    while (performance.now() < deadline && started < max) {
      started++;
      const t0 = performance.now();
      try {
        const tx = messageTransaction(wallet, agent, recipient, smallText(rng));
        await sendAndConfirmTransaction(connection, tx, [wallet], { commitment: "confirmed" });
        confirmed++;
        latency.record(performance.now() - t0);
        options.onMessage?.(confirmed);
      } catch (error) {
        failed.add(errorCode(error));
      }
      lastDone = performance.now();
    }
  };
  await Promise.all(clients.map(client));
  closeWebSocket(connection);

  const seconds = (lastDone - start) / 1000;
  const after = await balances(connection, clients);
  return {
    mode: BASELINE_MODE,
    clients: options.clients,
    confirmed,
    failed: failed.toJSON(),
    seconds,
    confirmedPerSec: seconds > 0 ? confirmed / seconds : 0,
    latency: latency.summary(),
    lamportsPerMessage: confirmed > 0 ? (before - after) / confirmed : 0,
    recordsPerTransaction: 1,
    protocol,
  };
}

/** The transaction a naive agent sends for one message. */
export function messageTransaction(
  wallet: Keypair,
  agent: PodKeypair,
  to: string,
  text: string,
): Transaction {
  const request = signRequest(
    {
      v: 1,
      id: newRequestId(),
      op: "send_direct",
      ts: Date.now(),
      body: { to, content: { text }, contentType: "text/plain; charset=utf-8" },
    },
    agent,
  );
  const append = podInstruction(
    "append_compressed_messages",
    {
      records: [
        { sender: wallet.publicKey, envelope_hash: [...Buffer.from(commitmentOf(request), "hex")] },
      ],
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
  const memo = new TransactionInstruction({
    programId: new PublicKey(MEMO_PROGRAM_ID),
    keys: [],
    data: Buffer.from(
      encodeContentMemo([
        {
          compressedContent: Buffer.from(text, "utf8").toString("base64"),
          contentEncoding: "identity",
        },
      ]),
      "utf8",
    ),
  });
  return new Transaction().add(append, memo);
}

async function balances(connection: Connection, wallets: Keypair[]): Promise<number> {
  const accounts = await connection.getMultipleAccountsInfo(wallets.map((w) => w.publicKey));
  return accounts.reduce((sum, a) => sum + (a?.lamports ?? 0), 0);
}

function errorCode(error: unknown): string {
  const name = (error as Error)?.name ?? "Error";
  if (/expired|blockheight/i.test(String((error as Error)?.message))) return "TX_EXPIRED";
  return name.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

/**
 * web3.js 1.x has no Connection.close(): its subscription socket reconnects forever once the
 * server goes away (the chain stopping after the run). Closing it with the normal code 1000
 * is the one way to make it stop for good.
 */
export function closeWebSocket(connection: Connection): void {
  const socket = (connection as unknown as { _rpcWebSocket?: { close(code?: number): void } })
    ._rpcWebSocket;
  try {
    socket?.close(1000);
  } catch {
    // already closed
  }
}
