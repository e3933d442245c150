import { z } from "zod";
import type { Operation } from "../subjects.js";
import { publicKey, requestId, signature, unixMs, version } from "./fields.js";

/**
 * The signed request envelope of one operation: { v, id, op, agent, ts, body, sig }. Strict:
 * unknown keys anywhere are refused, so nothing unsigned can ride along.
 */
export function envelopeOf<Op extends Operation, Body extends z.ZodType>(op: Op, body: Body) {
  return z.strictObject({
    v: version,
    id: requestId,
    op: z.literal(op),
    agent: publicKey,
    ts: unixMs,
    body,
    sig: signature,
  });
}
