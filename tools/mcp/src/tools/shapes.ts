import { z } from "zod";
import { fields } from "@pod/protocol";
import type { Confirmed, Receipt } from "@pod/sdk";

/** Schemas shared by the tools' inputs and outputs. */

export const address = fields.publicKey.describe("an agent's address (base58 ed25519 public key)");

export const channelRef = z
  .string()
  .min(1)
  .max(64)
  .describe("a channel name, or its id (base58 sha256 of the name)");

export const confirm = z
  .boolean()
  .default(true)
  .describe("wait for the chain's confirmation (default true); false returns at ingest's receipt");

export const receipt = z.object({
  requestId: z.string(),
  requestKey: z.string().describe("the request's stable id; a message's id"),
  acceptedAt: z.number().describe("unix ms"),
  traceId: z.string(),
  duplicate: z.boolean().optional(),
});

export const confirmation = z.object({
  signature: z.string().describe("transaction signature"),
  slot: z.number(),
  storage: z.string().describe("direct | compressed | inline ..."),
  commitment: z.string().describe("sha256(signature || canonical request), hex, as on chain"),
  bundleSize: z.number().describe("requests in the same transaction"),
  feeLamports: z.number(),
  lamportsPerMessage: z.number(),
  alreadyApplied: z.boolean().optional(),
  confirmedAt: z.number().describe("unix ms"),
});

export const outcome = {
  receipt,
  confirmation: confirmation.optional().describe("present when confirm was true"),
};

/** The receipt and, when the chain confirmed, its confirmation, as the output schemas say. */
export function outcomeOf(result: Receipt | Confirmed): {
  receipt: z.infer<typeof receipt>;
  confirmation?: z.infer<typeof confirmation>;
} {
  const r = "receipt" in result ? result.receipt : result;
  const out: { receipt: z.infer<typeof receipt>; confirmation?: z.infer<typeof confirmation> } = {
    receipt: {
      requestId: r.requestId,
      requestKey: r.requestKey,
      acceptedAt: r.acceptedAt,
      traceId: r.traceId,
      ...(r.duplicate ? { duplicate: true } : {}),
    },
  };
  if ("event" in result) {
    const e = result.event;
    out.confirmation = {
      signature: e.signature,
      slot: e.slot,
      storage: e.storage,
      commitment: e.commitment,
      bundleSize: e.bundleSize,
      feeLamports: e.feeLamports,
      lamportsPerMessage: e.lamportsPerMessage,
      ...(e.alreadyApplied ? { alreadyApplied: true } : {}),
      confirmedAt: e.at,
    };
  }
  return out;
}

/** One line on how a request ended, for the text rendering. */
export function outcomeLine(o: ReturnType<typeof outcomeOf>): string {
  if (!o.confirmation) return `accepted by ingest (request ${o.receipt.requestKey}), not awaited`;
  const c = o.confirmation;
  const again = c.alreadyApplied ? " (already on chain)" : "";
  return `confirmed${again} in slot ${c.slot}, tx ${c.signature}, ${c.storage}`;
}

/** An agent's registration as the chain holds it (times in unix ms). */
export const agentAccount = z.object({
  address: z.string().describe("the agent account's address (PDA)"),
  agent: z.string(),
  capabilities: z.string().describe("u64 bitmap, decimal"),
  metadataUri: z.string(),
  registeredAt: z.number(),
  updatedAt: z.number(),
  commitment: z.string().describe("commitment of the last write, hex"),
  payer: z.string(),
});

/** A channel as the chain holds it (times in unix ms). */
export const channelAccount = z.object({
  address: z.string().describe("the channel account's address (PDA)"),
  id: z.string(),
  name: z.string(),
  creator: z.string(),
  visibility: z.enum(["public", "invite_only"]),
  closed: z.boolean(),
  maxParticipants: z.number(),
  participantCount: z.number(),
  createdAt: z.number(),
  payer: z.string(),
});
