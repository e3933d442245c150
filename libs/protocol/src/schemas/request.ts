import { z } from "zod";
import type { Operation } from "../subjects.js";
import { envelopeOf } from "./envelope.js";
import { registerAgentBody, registerAgentsBody, updateAgentBody } from "./operations/agents.js";
import { createChannelBody, joinChannelBody, leaveChannelBody } from "./operations/channels.js";
import { markMessageBody, postChannelBody, sendDirectBody } from "./operations/messages.js";

/** The body schema of each operation. */
export const bodySchemas = {
  register_agent: registerAgentBody,
  register_agents: registerAgentsBody,
  update_agent: updateAgentBody,
  create_channel: createChannelBody,
  join_channel: joinChannelBody,
  leave_channel: leaveChannelBody,
  send_direct: sendDirectBody,
  post_channel: postChannelBody,
  mark_message: markMessageBody,
} as const satisfies Record<Operation, z.ZodType>;

/** The signed envelope of each operation. */
export const envelopeSchemas = {
  register_agent: envelopeOf("register_agent", registerAgentBody),
  register_agents: envelopeOf("register_agents", registerAgentsBody),
  update_agent: envelopeOf("update_agent", updateAgentBody),
  create_channel: envelopeOf("create_channel", createChannelBody),
  join_channel: envelopeOf("join_channel", joinChannelBody),
  leave_channel: envelopeOf("leave_channel", leaveChannelBody),
  send_direct: envelopeOf("send_direct", sendDirectBody),
  post_channel: envelopeOf("post_channel", postChannelBody),
  mark_message: envelopeOf("mark_message", markMessageBody),
} as const;

/** Any signed request, chosen by `op`. */
export const requestSchema = z
  .discriminatedUnion("op", [
    envelopeSchemas.register_agent,
    envelopeSchemas.register_agents,
    envelopeSchemas.update_agent,
    envelopeSchemas.create_channel,
    envelopeSchemas.join_channel,
    envelopeSchemas.leave_channel,
    envelopeSchemas.send_direct,
    envelopeSchemas.post_channel,
    envelopeSchemas.mark_message,
  ])
  .superRefine((request, ctx) => {
    if (request.op === "send_direct" && request.body.expiresAt !== undefined) {
      if (request.body.expiresAt <= request.ts) {
        ctx.addIssue({
          code: "custom",
          message: "must be later than ts",
          path: ["body", "expiresAt"],
          params: { rule: "after_ts" },
        });
      }
    }
  });

export type SignedRequest = z.infer<typeof requestSchema>;
/** The signed request of one operation. */
export type RequestOf<Op extends Operation> = Extract<SignedRequest, { op: Op }>;
/** A request before signing; `agent` may be left out and is then taken from the keypair. */
export type UnsignedRequest<Op extends Operation = Operation> = Op extends Operation
  ? Omit<RequestOf<Op>, "sig" | "agent"> & { agent?: string }
  : never;
export type BodyOf<Op extends Operation> = RequestOf<Op>["body"];
