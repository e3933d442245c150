import { z } from "zod";
import { requestId, requestKeyField, unixMs } from "./fields.js";
import { requestRejectedEvent } from "./events.js";

/**
 * What an agent holds after publishing: the JetStream PubAck of its request, plus the ids to
 * follow it through `pod.events.*`.
 */
export const receipt = z.strictObject({
  requestId,
  requestKey: requestKeyField,
  acceptedAt: unixMs,
  /** The stream that stored the request and its sequence number there. */
  stream: z.string().min(1),
  seq: z.number().int().positive(),
  /** True when JetStream had already stored this request (a retry of the same publish). */
  duplicate: z.boolean().optional(),
});

export type Receipt = z.infer<typeof receipt>;

/**
 * ingest's answer to one request, published to the inbox an agent names in the
 * `Pod-Reply-To` header (HEADERS_POD.replyTo): the receipt once accepted, or the rejection.
 */
export const ingestVerdict = z.discriminatedUnion("status", [
  z.strictObject({ status: z.literal("accepted"), receipt }),
  z.strictObject({ status: z.literal("rejected"), rejection: requestRejectedEvent }),
]);

export type IngestVerdict = z.infer<typeof ingestVerdict>;
