import { fields, subscriptionFilter } from "@pod/protocol";
import { z } from "zod";

/** The client's answer to a WebSocket challenge. */
export const authMessage = z.strictObject({
  type: z.literal("auth"),
  agent: fields.publicKey,
  signature: z.string().min(1).max(128),
  /** Checked by resolveCursor, so that a bad one is refused as CURSOR_INVALID with its reason. */
  cursor: z.string().max(64).optional(),
  filter: subscriptionFilter.optional(),
});

export type AuthMessage = z.infer<typeof authMessage>;

/** The first issue of a failed parse, as one line a client can act on. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const path = issue.path.length > 0 ? issue.path.join(".") : "message";
  return `${path} ${issue.message}`;
}
