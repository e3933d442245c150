import { join } from "node:path";
import { envBool, envInt, envText, envUrlList } from "@pod/runtime";
import { STATE_TREE_V1 } from "@pod/light";
import { z } from "zod";

export const DEFAULT_RPC_URL = "http://127.0.0.1:8899";

/** A base58 account address (32 bytes), checked by shape only; the chain checks the rest. */
const address = () =>
  envText().refine((v) => /^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(v), {
    error: "must be a base58 account address",
  });

/**
 * The bundler's own variables. Paths default under DATA_DIR (resolved in `resolveBundlerConfig`,
 * since DATA_DIR itself is only known once the common schema is parsed).
 */
export const bundlerConfigSchema = z.object({
  SOLANA_RPC_URL: envUrlList(["http", "https"]).optional(),
  /** Several JSON-RPC endpoints (comma-separated); wins over SOLANA_RPC_URL when set. */
  BUNDLER_RPC_URLS: envUrlList(["http", "https"]).optional(),
  BUNDLER_AUTHORITY_KEYPAIR: envText().optional(),
  BUNDLER_FEE_PAYER_KEYPAIRS: envText().optional(),
  BUNDLER_FEE_PAYERS: envInt(1, 64).default(4),
  BUNDLER_PRIORITY_FEE_MICROLAMPORTS: envInt(0, 100_000_000).default(0),
  /** Set the compute-unit limit from simulation (costs ~40 packet bytes per transaction). */
  BUNDLER_SET_CU_LIMIT: envBool().default(true),
  /** Extra compute units over the simulated figure, in percent. */
  BUNDLER_CU_MARGIN_PERCENT: envInt(0, 200).default(20),
  /** Headroom per record over the simulated figure, at least (the larger of the two applies). */
  BUNDLER_CU_PER_RECORD_FLOOR: envInt(0, 200_000).default(5_000),
  /** Reuse simulated units of compressed-only transactions of the same shape (re-simulated on a compute failure). */
  BUNDLER_SIMULATION_CACHE: envBool().default(true),
  BUNDLER_MAX_IN_FLIGHT: envInt(1, 1_024).default(64),
  BUNDLER_FLUSH_MS: envInt(1, 10_000).default(25),
  /** Records a flush takes at most (several transactions are packed from one flush). */
  BUNDLER_MAX_BATCH: envInt(1, 4_096).default(256),
  /** Records waiting in the batcher at most (a full queue holds the consumer back). */
  BUNDLER_MAX_QUEUE: envInt(1, 100_000).default(4_096),
  /**
   * Records the consumer hands over at once (queued, planned or in flight): a handler waits
   * for its record's confirmation, so this bounds the records in flight. Default
   * BUNDLER_MAX_QUEUE; the durable's max_ack_pending (topology) must allow it.
   */
  BUNDLER_CONSUME_CONCURRENCY: envInt(1, 100_000).optional(),
  BUNDLER_ADMIN_KEYPAIR: envText().optional(),
  BUNDLER_AIRDROP_LAMPORTS: envInt(1, Number.MAX_SAFE_INTEGER).optional(),
  /** A fee payer below this balance makes /readyz fail (and is topped up when airdrops are on). */
  BUNDLER_MIN_FEE_PAYER_LAMPORTS: envInt(0, Number.MAX_SAFE_INTEGER).default(10_000_000),
  BUNDLER_STATE_TREE: address().default(STATE_TREE_V1.toBase58()),
  BUNDLER_LOOKUP_TABLE: address().optional(),
  /** Without BUNDLER_LOOKUP_TABLE: create (once, kept under DATA_DIR) and use a lookup table. */
  BUNDLER_CREATE_LOOKUP_TABLE: envBool().default(true),
  /** How long a claim outlives its request in the journal (redeliveries inside it are exact). */
  BUNDLER_CLAIM_TTL_MS: envInt(60_000, 30 * 24 * 3_600_000).default(24 * 3_600_000),
  /** How often a sent transaction's status is polled. */
  BUNDLER_CONFIRM_POLL_MS: envInt(20, 5_000).default(250),
  /** Attempts to land one transaction (fresh blockhash each) before the records are retried. */
  BUNDLER_SEND_ATTEMPTS: envInt(1, 20).default(4),
});

export type BundlerEnv = z.infer<typeof bundlerConfigSchema> & { DATA_DIR: string };

export interface BundlerConfig {
  rpcUrls: string[];
  authorityKeypair: string;
  feePayerDir: string;
  feePayers: number;
  priorityFeeMicroLamports: number;
  setComputeUnitLimit: boolean;
  cuMarginPercent: number;
  cuPerRecordFloor: number;
  simulationCache: boolean;
  maxInFlight: number;
  flushMs: number;
  maxBatch: number;
  maxQueue: number;
  consumeConcurrency: number;
  adminKeypair: string | undefined;
  airdropLamports: number | undefined;
  minFeePayerLamports: number;
  stateTree: string;
  lookupTable: string | undefined;
  createLookupTable: boolean;
  lookupTableFile: string;
  claimTtlMs: number;
  sendAttempts: number;
  confirmPollMs: number;
}

/** The typed settings of one bundler, defaults applied. */
export function resolveBundlerConfig(env: BundlerEnv): BundlerConfig {
  const own = join(env.DATA_DIR, "tx-bundler");
  return {
    rpcUrls: env.BUNDLER_RPC_URLS ?? env.SOLANA_RPC_URL ?? [DEFAULT_RPC_URL],
    authorityKeypair: env.BUNDLER_AUTHORITY_KEYPAIR ?? join(own, "authority.json"),
    feePayerDir: env.BUNDLER_FEE_PAYER_KEYPAIRS ?? join(own, "fee-payers"),
    feePayers: env.BUNDLER_FEE_PAYERS,
    priorityFeeMicroLamports: env.BUNDLER_PRIORITY_FEE_MICROLAMPORTS,
    setComputeUnitLimit: env.BUNDLER_SET_CU_LIMIT,
    cuMarginPercent: env.BUNDLER_CU_MARGIN_PERCENT,
    cuPerRecordFloor: env.BUNDLER_CU_PER_RECORD_FLOOR,
    simulationCache: env.BUNDLER_SIMULATION_CACHE,
    maxInFlight: env.BUNDLER_MAX_IN_FLIGHT,
    flushMs: env.BUNDLER_FLUSH_MS,
    maxBatch: env.BUNDLER_MAX_BATCH,
    maxQueue: env.BUNDLER_MAX_QUEUE,
    consumeConcurrency: env.BUNDLER_CONSUME_CONCURRENCY ?? env.BUNDLER_MAX_QUEUE,
    adminKeypair: env.BUNDLER_ADMIN_KEYPAIR,
    airdropLamports: env.BUNDLER_AIRDROP_LAMPORTS,
    minFeePayerLamports: env.BUNDLER_MIN_FEE_PAYER_LAMPORTS,
    stateTree: env.BUNDLER_STATE_TREE,
    lookupTable: env.BUNDLER_LOOKUP_TABLE,
    createLookupTable: env.BUNDLER_CREATE_LOOKUP_TABLE,
    lookupTableFile: join(own, "lookup-table.json"),
    claimTtlMs: env.BUNDLER_CLAIM_TTL_MS,
    sendAttempts: env.BUNDLER_SEND_ATTEMPTS,
    confirmPollMs: env.BUNDLER_CONFIRM_POLL_MS,
  };
}
