import { setTimeout as sleep } from "node:timers/promises";
import { CHAIN_ERROR_CODES, ChainError } from "./errors.js";
import type { RpcPool } from "./rpc-pool.js";
import { firstSignatureOf, reached } from "./signature-status.js";
import { settleSignature } from "./settle.js";
import { watcherOf } from "./signature-watcher.js";
import { PACKET_DATA_SIZE } from "./transaction-size.js";

export type SendOutcome =
  | { status: "confirmed"; signature: string; slot: number; err: null }
  /** Landed with an error (and paid its fee): do not resend, it would fail the same way. */
  | { status: "failed"; signature: string; slot: number; err: unknown; logs?: string[] }
  /** Never landed and its blockhash is no longer valid: safe to re-sign. */
  | { status: "expired"; signature: string };

export interface SendOptions {
  signature: string;
  lastValidBlockHeight: number;
  /** Resend the same bytes this often while not landed. Default 2000 ms. */
  rebroadcastMs?: number;
  /** Status/height poll interval. Default 400 ms (about one slot). */
  pollMs?: number;
  signal?: AbortSignal;
  /** Give up with the last RPC error when no poll succeeded for this long. Default 60000 ms. */
  unreachableMs?: number;
}

const ALREADY_PROCESSED = /already been processed|AlreadyProcessed/;

/**
 * Sends raw signed bytes (skipPreflight, maxRetries 0), rebroadcasts the SAME bytes every
 * rebroadcastMs until confirmed or the block height passes lastValidBlockHeight; confirms by
 * polling getSignatureStatuses (never trusts a websocket alone), with a history search as
 * the last check before "expired". Never re-signs: only the caller can, after "expired".
 */
export async function sendAndConfirm(
  pool: RpcPool,
  raw: Uint8Array,
  opts: SendOptions,
): Promise<SendOutcome> {
  const { signature, lastValidBlockHeight, signal } = opts;
  const rebroadcastMs = opts.rebroadcastMs ?? 2_000;
  const pollMs = opts.pollMs ?? 400;
  const unreachableMs = opts.unreachableMs ?? 60_000;
  if (raw.length > PACKET_DATA_SIZE) {
    throw new ChainError(
      CHAIN_ERROR_CODES.txTooLarge,
      `transaction is ${raw.length} bytes, over ${PACKET_DATA_SIZE}`,
      {
        details: { bytes: raw.length, max: PACKET_DATA_SIZE },
      },
    );
  }
  // Polling the wrong signature would end in "expired" for a landed transaction, and the
  // caller would re-sign it: a duplicate. Refuse the mismatch up front.
  const own = firstSignatureOf(raw);
  if (own !== signature) {
    throw new ChainError(
      CHAIN_ERROR_CODES.configInvalid,
      `signature ${signature} is not the transaction's (${own})`,
    );
  }

  const watcher = watcherOf(pool);
  let sentAt = -Infinity;
  let everSent = false;
  let lastGoodPoll = Date.now();
  let nextPoll = 0;
  let landedBelowCommitment = false;
  for (;;) {
    throwIfAborted(signal, signature);
    if (!landedBelowCommitment && Date.now() - sentAt >= rebroadcastMs) {
      sentAt = Date.now();
      everSent = (await broadcast(pool, raw, signature, everSent, signal)) || everSent;
    }
    try {
      // The first look comes right after the send; later ones pollMs apart, or sooner when
      // a rebroadcast is due first.
      const observation = await watcher.observe(signature, nextPoll, signal);
      lastGoodPoll = Date.now();
      const { status } = observation;
      if (status === null && observation.height > lastValidBlockHeight) {
        // The recent-status cache may have let it go: the last word is a history search,
        // with the height, from one node.
        const settled = await settleSignature(pool, signature, lastValidBlockHeight);
        if (settled.status === "expired") return { status: "expired", signature };
        if (settled.status === "landed") return outcomeOf(pool, signature, settled);
        landedBelowCommitment = true;
      } else if (status !== null && reached(status, pool.commitment)) {
        return outcomeOf(pool, signature, { slot: status.slot, err: status.err ?? null });
      } else {
        landedBelowCommitment = status !== null;
      }
    } catch (error) {
      throwIfAborted(signal, signature);
      if (!(error instanceof ChainError && error.transient)) throw error;
      if (Date.now() - lastGoodPoll > unreachableMs) throw error;
      await sleep(pollMs, undefined, signal ? { signal } : undefined).catch(() => undefined);
    }
    const now = Date.now();
    nextPoll = landedBelowCommitment
      ? now + pollMs
      : Math.min(now + pollMs, sentAt + rebroadcastMs);
  }
}

/**
 * One send of the bytes. Transient failures are left to the next rebroadcast. A refusal on
 * the first send means the node will never take these bytes (undecodable, bad signature);
 * a later refusal ("already processed", a node's preflight) changes nothing: keep polling.
 * Returns whether a node took the bytes.
 */
async function broadcast(
  pool: RpcPool,
  raw: Uint8Array,
  signature: string,
  sentBefore: boolean,
  signal?: AbortSignal,
): Promise<boolean> {
  try {
    await pool.call(
      "sendTransaction",
      (c) => c.sendRawTransaction(raw, { skipPreflight: true, maxRetries: 0 }),
      signal ? { signal } : {},
    );
    return true;
  } catch (error) {
    if (
      error instanceof ChainError &&
      (error.transient || error.code === CHAIN_ERROR_CODES.aborted)
    )
      return false;
    const message = error instanceof Error ? error.message : String(error);
    if (ALREADY_PROCESSED.test(message) || sentBefore) return true;
    throw new ChainError(
      CHAIN_ERROR_CODES.txRejected,
      `sendTransaction refused ${signature}: ${message}`,
      { cause: error },
    );
  }
}

async function outcomeOf(
  pool: RpcPool,
  signature: string,
  status: { slot: number; err: unknown | null },
): Promise<SendOutcome> {
  if (status.err === null) return { status: "confirmed", signature, slot: status.slot, err: null };
  const outcome: SendOutcome = { status: "failed", signature, slot: status.slot, err: status.err };
  // Logs are a courtesy for the failure report; their absence changes nothing.
  const tx = await pool
    .call("getTransaction", (c) =>
      c.getTransaction(signature, {
        maxSupportedTransactionVersion: 0,
        commitment: pool.commitment === "finalized" ? "finalized" : "confirmed",
      }),
    )
    .catch(() => null);
  const logs = tx?.meta?.logMessages;
  if (logs) outcome.logs = logs;
  return outcome;
}

function throwIfAborted(signal: AbortSignal | undefined, signature: string): void {
  if (signal?.aborted) {
    throw new ChainError(CHAIN_ERROR_CODES.aborted, `sendAndConfirm ${signature}: aborted`, {
      cause: signal.reason,
    });
  }
}
