import { z } from "zod";
import { MAX_BATCH_REGISTRATIONS, MAX_METADATA_URI_BYTES } from "../../limits.js";
import { envelopeOf } from "../envelope.js";
import { text, u64String } from "../fields.js";

/** Agent bodies. Capabilities are a u64 bitmap spelled as a decimal string. */

const metadataUri = text({ maxBytes: MAX_METADATA_URI_BYTES, singleLine: true });

export const registerAgentBody = z.strictObject({
  capabilities: u64String,
  metadataUri,
});

/** A complete register_agent request, signed by the agent it registers. */
export const registrationEnvelope = envelopeOf("register_agent", registerAgentBody);

/**
 * A relayer's batch of registrations. Each entry is a whole register_agent request signed by
 * the agent it registers (with its own id and timestamp, so replay rules apply to each); the
 * relayer's own signature covers only the batch. Nobody can register a key it does not hold.
 */
export const registerAgentsBody = z.strictObject({
  registrations: z
    .array(registrationEnvelope)
    .min(1)
    .max(MAX_BATCH_REGISTRATIONS)
    .superRefine((entries, ctx) => {
      const seen = new Set<string>();
      entries.forEach((entry, index) => {
        if (seen.has(entry.agent)) {
          ctx.addIssue({
            code: "custom",
            message: "agent appears twice in the batch",
            path: [index, "agent"],
            params: { rule: "unique_agent" },
          });
        }
        seen.add(entry.agent);
      });
    }),
});

export const updateAgentBody = z
  .strictObject({
    capabilities: u64String.optional(),
    metadataUri: metadataUri.optional(),
  })
  .refine((b) => b.capabilities !== undefined || b.metadataUri !== undefined, {
    message: "must change capabilities or metadataUri",
    params: { rule: "at_least_one" },
  });

export type RegisterAgentBody = z.infer<typeof registerAgentBody>;
export type RegistrationEnvelope = z.infer<typeof registrationEnvelope>;
export type RegisterAgentsBody = z.infer<typeof registerAgentsBody>;
export type UpdateAgentBody = z.infer<typeof updateAgentBody>;
