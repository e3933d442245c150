import { OPERATIONS, PROTOCOL_VERSION, REJECTION_CODES, STORAGE_CLASSES } from "@pod/protocol";
import { z } from "zod";

/**
 * The fields of each lifecycle event that metrics measures, checked for type and range; the
 * rest of the event is not read. The full schemas (base58 keys and signatures, records) are
 * the producers' and the readers' that act on events: checking them here cost six times the
 * measuring itself (see bench/), and a measurement does not become wrong because a signature
 * field is malformed. Label values still come only from closed sets or bounded patterns.
 */

const at = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const amount = z.number().nonnegative().finite();
const op = z.enum(OPERATIONS);
const key = z.string().min(1).max(128);
const event = { v: z.literal(PROTOCOL_VERSION), at };

export const measuredEvents = {
  "request.accepted": z.object({ ...event, op, agent: key, requestId: key }),
  "request.rejected": z.object({ ...event, op: op.optional(), code: z.enum(REJECTION_CODES) }),
  "content.stored": z.object(event),
  "record.confirmed": z.object({
    ...event,
    op,
    requestKey: key,
    storage: z.enum(STORAGE_CLASSES),
    signature: key,
    computeUnits: amount,
    feeLamports: amount,
    lamportsPerMessage: amount,
    bundleSize: z.number().int().positive().max(64),
    record: z.object({ createdAt: at }),
  }),
  "record.failed": z.object({
    ...event,
    op,
    requestKey: key,
    code: z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/),
  }),
  "message.delivered": z.object({
    ...event,
    op,
    transport: z.enum(["ws", "sse"]),
    confirmedAt: at,
  }),
} as const;

export type MeasuredEventName = keyof typeof measuredEvents;
export type Measured<N extends MeasuredEventName> = z.infer<(typeof measuredEvents)[N]>;

/** `request.accepted` for `pod.events.request.accepted`; undefined for anything else. */
export function measuredEventName(subject: string): MeasuredEventName | undefined {
  const parts = subject.split(".");
  if (parts.length !== 4 || parts[0] !== "pod" || parts[1] !== "events") return undefined;
  const name = `${parts[2]}.${parts[3]}`;
  return Object.hasOwn(measuredEvents, name) ? (name as MeasuredEventName) : undefined;
}
