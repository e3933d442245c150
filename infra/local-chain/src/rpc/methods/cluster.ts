import { z } from "zod";
import { SLOTS_PER_EPOCH } from "@pod/svm";
import { checkMinContextSlot, contextOf, NODE_VERSION, type Handler } from "../context.js";
import { parseParams, readConfig } from "../params.js";

const noArgs = z.tuple([readConfig]).or(z.tuple([]));

export const clusterMethods: Record<string, Handler> = {
  getHealth: () => "ok",

  getVersion: () => ({ "solana-core": NODE_VERSION, "feature-set": 0 }),

  getGenesisHash: (_p, ctx) => ctx.chain.identity.genesisHash,

  getIdentity: (_p, ctx) => ({ identity: ctx.chain.identity.identity }),

  getSlot: (params, ctx) => {
    const [config] = parseParams(noArgs, params);
    checkMinContextSlot(ctx, config?.minContextSlot);
    return ctx.chain.slot;
  },

  getBlockHeight: (params, ctx) => {
    const [config] = parseParams(noArgs, params);
    checkMinContextSlot(ctx, config?.minContextSlot);
    return ctx.chain.blockHeight;
  },

  getTransactionCount: (_p, ctx) => BigInt(ctx.chain.index.size),

  getEpochInfo: (params, ctx) => {
    const [config] = parseParams(noArgs, params);
    checkMinContextSlot(ctx, config?.minContextSlot);
    const slot = ctx.chain.slot;
    return {
      absoluteSlot: slot,
      blockHeight: ctx.chain.blockHeight,
      epoch: slot / SLOTS_PER_EPOCH,
      slotIndex: slot % SLOTS_PER_EPOCH,
      slotsInEpoch: SLOTS_PER_EPOCH,
      transactionCount: BigInt(ctx.chain.index.size),
    };
  },

  getEpochSchedule: () => ({
    slotsPerEpoch: SLOTS_PER_EPOCH,
    leaderScheduleSlotOffset: SLOTS_PER_EPOCH,
    warmup: false,
    firstNormalEpoch: 0,
    firstNormalSlot: 0,
  }),

  getLatestBlockhash: (params, ctx) => {
    const [config] = parseParams(noArgs, params);
    checkMinContextSlot(ctx, config?.minContextSlot);
    const { blockhash, lastValidBlockHeight } = ctx.chain.harness.latestBlockhash();
    return { context: contextOf(ctx), value: { blockhash, lastValidBlockHeight } };
  },

  isBlockhashValid: (params, ctx) => {
    const [blockhash, config] = parseParams(z.tuple([z.string(), readConfig]), params);
    checkMinContextSlot(ctx, config?.minContextSlot);
    return { context: contextOf(ctx), value: ctx.chain.harness.isBlockhashValid(blockhash) };
  },

  // No other transactions compete for block space here, so no fee was ever needed.
  getRecentPrioritizationFees: () => [],

  getFirstAvailableBlock: () => 0,
};
