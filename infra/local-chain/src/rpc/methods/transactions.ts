import { z } from "zod";
import {
  SvmError,
  decodeWireTransaction,
  describeTransactionError,
  signaturesVerify,
  transactionFee,
  type SimulationResult,
} from "@pod/svm";
import { checkMinContextSlot, contextOf, type Handler, type RpcContext } from "../context.js";
import {
  addressParam,
  decodeTransactionParam,
  encodeAccount,
  signatureParam,
  undecodableTransaction,
} from "../encoding.js";
import {
  INTERNAL_ERROR,
  RpcError,
  invalidParam,
  invalidParams,
  preflightFailure,
  signatureVerificationFailure,
  unsupportedTransactionVersion,
} from "../errors.js";
import { accountEncoding, commitment, parseParams, readConfig } from "../params.js";
import { metaField, transactionField, versionOf } from "../transaction-view.js";
import type { StoredTransaction } from "../../ledger/records.js";

const MAX_SIGNATURE_STATUSES = 256;
const MAX_SIGNATURES_FOR_ADDRESS = 1000;

const binaryEncoding = z.enum(["base58", "base64"]).optional();
const slot = z.number().int().nonnegative().optional();

const sendConfig = z
  .object({
    encoding: binaryEncoding,
    skipPreflight: z.boolean().optional(),
    preflightCommitment: commitment,
    maxRetries: z.number().int().nonnegative().optional(),
    minContextSlot: slot,
  })
  .optional();

const simulateConfig = z
  .object({
    encoding: binaryEncoding,
    sigVerify: z.boolean().optional(),
    replaceRecentBlockhash: z.boolean().optional(),
    commitment,
    minContextSlot: slot,
    innerInstructions: z.boolean().optional(),
    accounts: z.object({ addresses: z.array(z.string()), encoding: accountEncoding }).optional(),
  })
  .optional();

const transactionConfig = z
  .object({
    encoding: z.enum(["json", "jsonParsed", "base64", "base58"]).optional(),
    commitment,
    maxSupportedTransactionVersion: z.number().int().nonnegative().optional(),
  })
  .optional();

/** Wire bytes decoded once more to turn the svm package's errors into the validator's. */
function checkDecodes(bytes: Uint8Array): void {
  try {
    decodeWireTransaction(bytes);
  } catch (e) {
    if (e instanceof SvmError) {
      throw undecodableTransaction(e.message);
    }
    throw e;
  }
}

function preflightData(sim: SimulationResult) {
  return {
    err: sim.err ?? "SanitizeFailure",
    logs: sim.logs,
    accounts: null,
    unitsConsumed: sim.computeUnitsConsumed,
    returnData: sim.returnData,
    innerInstructions: null,
    replacementBlockhash: null,
    loadedAccountsDataSize: null,
    fee: sim.fee,
  } as const;
}

async function sendTransaction(params: unknown, ctx: RpcContext): Promise<string> {
  const [text, config] = parseParams(z.tuple([z.string(), sendConfig]), params);
  checkMinContextSlot(ctx, config?.minContextSlot);
  const bytes = decodeTransactionParam(text, config?.encoding ?? "base58");
  checkDecodes(bytes);
  const signature = decodeWireTransaction(bytes).signatures[0] as string;

  if (!config?.skipPreflight) {
    // A validator verifies signatures before it simulates.
    if (!signaturesVerify(decodeWireTransaction(bytes))) throw signatureVerificationFailure();
    if (ctx.chain.index.has(signature)) {
      const sim = ctx.chain.simulate(bytes, {});
      throw preflightFailure({ ...preflightData(sim), err: "AlreadyProcessed", logs: [] });
    }
    const sim = ctx.chain.simulate(bytes, {});
    if (sim.err !== null) throw preflightFailure(preflightData(sim));
  }

  const result = await ctx.chain.submit(bytes);
  // Refused without preflight: a validator forwards such a transaction and it never lands.
  if (!result.landed && !config?.skipPreflight) {
    if (result.err === "SignatureFailure") throw signatureVerificationFailure();
    throw preflightFailure({ ...preflightData(ctx.chain.simulate(bytes, {})), err: result.err });
  }
  return signature;
}

function simulateTransaction(params: unknown, ctx: RpcContext) {
  const [text, config] = parseParams(z.tuple([z.string(), simulateConfig]), params);
  checkMinContextSlot(ctx, config?.minContextSlot);
  if (config?.sigVerify && config.replaceRecentBlockhash) {
    throw invalidParam("sigVerify may not be used with replaceRecentBlockhash");
  }
  const bytes = decodeTransactionParam(text, config?.encoding ?? "base58");
  checkDecodes(bytes);
  const sim = ctx.chain.simulate(bytes, {
    sigVerify: config?.sigVerify ?? false,
    replaceRecentBlockhash: config?.replaceRecentBlockhash ?? false,
  });

  let accounts: unknown = null;
  if (config?.accounts) {
    accounts = config.accounts.addresses.map((a) => {
      const address = addressParam(a);
      const state = sim.postAccounts.has(address)
        ? sim.postAccounts.get(address)
        : ctx.chain.harness.getAccount(address);
      const encoding = config.accounts?.encoding ?? "base64";
      return state === null || state === undefined ? null : encodeAccount(state, encoding);
    });
  }
  const replacementBlockhash = config?.replaceRecentBlockhash
    ? ctx.chain.harness.latestBlockhash()
    : null;
  return {
    context: contextOf(ctx),
    value: {
      err: sim.err,
      logs: sim.logs,
      accounts,
      unitsConsumed: sim.computeUnitsConsumed,
      returnData: sim.returnData,
      innerInstructions: config?.innerInstructions ? sim.innerInstructions : null,
      replacementBlockhash,
      loadedAccountsDataSize: 0,
      fee: sim.fee,
    },
  };
}

function statusOf(tx: StoredTransaction) {
  return {
    slot: tx.slot,
    confirmations: null,
    err: tx.err,
    status: tx.err === null ? { Ok: null } : { Err: tx.err },
    // One node, durable on disk before it reports anything: landed means final here.
    confirmationStatus: "finalized",
  };
}

export const transactionMethods: Record<string, Handler> = {
  sendTransaction,
  simulateTransaction,

  getSignatureStatuses: (params, ctx) => {
    const [signatures] = parseParams(
      z.tuple([
        z.array(z.string()),
        z.object({ searchTransactionHistory: z.boolean().optional() }).optional(),
      ]),
      params,
    );
    if (signatures.length > MAX_SIGNATURE_STATUSES) {
      throw invalidParams(`Too many inputs provided; max ${MAX_SIGNATURE_STATUSES}`);
    }
    const value = signatures.map((s) => {
      const tx = ctx.chain.index.get(signatureParam(s));
      return tx === undefined ? null : statusOf(tx);
    });
    return { context: contextOf(ctx), value };
  },

  getTransaction: (params, ctx) => {
    const [signature, config] = parseParams(z.tuple([z.string(), transactionConfig]), params);
    const tx = ctx.chain.index.get(signatureParam(signature));
    if (tx === undefined) return null;
    const version = versionOf(tx);
    const max = config?.maxSupportedTransactionVersion;
    if (version !== "legacy" && (max === undefined || version > max)) {
      throw unsupportedTransactionVersion(version);
    }
    const encoding = config?.encoding ?? "json";
    const out: Record<string, unknown> = {
      blockTime: tx.blockTime,
      meta: metaField(tx, encoding),
      slot: tx.slot,
      transaction: transactionField(tx, encoding),
    };
    if (max !== undefined) out.version = version;
    return out;
  },

  getSignaturesForAddress: (params, ctx) => {
    const [address, config] = parseParams(
      z.tuple([
        z.string(),
        z
          .object({
            limit: z.number().int().min(1).max(MAX_SIGNATURES_FOR_ADDRESS).optional(),
            before: z.string().optional(),
            until: z.string().optional(),
            commitment,
            minContextSlot: slot,
          })
          .optional(),
      ]),
      params,
    );
    checkMinContextSlot(ctx, config?.minContextSlot);
    const limit = config?.limit ?? MAX_SIGNATURES_FOR_ADDRESS;
    return ctx.chain.index
      .forAddress(addressParam(address), limit, config?.before, config?.until)
      .map((tx) => ({
        signature: tx.signature,
        slot: tx.slot,
        err: tx.err,
        memo: null,
        blockTime: tx.blockTime,
        confirmationStatus: "finalized",
      }));
  },

  requestAirdrop: async (params, ctx) => {
    const [address, lamports] = parseParams(
      z.tuple([z.string(), z.number().int().positive(), readConfig]),
      params,
    );
    const result = await ctx.chain.airdrop(addressParam(address), BigInt(lamports));
    const err = result.landed ? result.tx.err : result.err;
    if (err !== null) {
      throw new RpcError(
        INTERNAL_ERROR,
        `airdrop request failed: ${describeTransactionError(err)}`,
      );
    }
    return (result as { tx: StoredTransaction }).tx.signature;
  },

  getFeeForMessage: (params, ctx) => {
    const [text, config] = parseParams(z.tuple([z.string(), readConfig]), params);
    checkMinContextSlot(ctx, config?.minContextSlot);
    const message = Buffer.from(text, "base64");
    const versioned = ((message[0] ?? 0) & 0x80) !== 0;
    const signatureCount = message[versioned ? 1 : 0] ?? 0;
    // A message alone is framed as a transaction with empty signatures to reuse the decoder.
    const framed = Buffer.concat([
      Buffer.from([signatureCount]),
      Buffer.alloc(64 * signatureCount),
      message,
    ]);
    let wire;
    try {
      wire = decodeWireTransaction(framed);
    } catch (e) {
      throw invalidParam(`invalid message: ${(e as Error).message}`);
    }
    const valid = ctx.chain.harness.isBlockhashValid(wire.recentBlockhash);
    return { context: contextOf(ctx), value: valid ? transactionFee(wire) : null };
  },
};
