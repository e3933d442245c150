import type { EnumSpec, FieldSpec, StructSpec } from "./model.js";

export const bytes32 = { array: ["u8", 32] } as const;
/** The pipeline's request key: sha256(domain || agent key || request id), 32 bytes. */
export const requestId = { array: ["u8", 32] } as const;
export const defined = (name: string) => ({ defined: { name } }) as const;

/** Bounds shared by the program and its clients. */
export const MAX_RELAYERS = 8;
export const MAX_METADATA_URI = 128;
export const MAX_CHANNEL_NAME = 64;
export const MAX_CID = 64;

/** Every pipeline write commits to the agent's signature over its canonical request. */
export const commitment: FieldSpec = {
  name: "commitment",
  type: bytes32,
  doc: "sha256(agent signature || canonical request bytes); zero when the agent signs the tx",
};

export const limits: StructSpec = {
  name: "Limits",
  fields: [
    { name: "max_ttl_secs", type: "u32" },
    { name: "max_channel_participants", type: "u32" },
    { name: "max_batch", type: "u16", doc: "agents per register_agents, records per append" },
  ],
};

export const registerAgentArgs: StructSpec = {
  name: "RegisterAgentArgs",
  fields: [
    { name: "agent", type: "pubkey" },
    { name: "capabilities", type: "u64" },
    { name: "metadata_uri", type: "string", maxLen: MAX_METADATA_URI },
    commitment,
  ],
};

export const messageArgs: StructSpec = {
  name: "MessageArgs",
  fields: [
    { name: "request_id", type: requestId },
    { name: "message_type", type: defined("MessageType") },
    { name: "content_hash", type: bytes32 },
    { name: "ttl_secs", type: "u32" },
    commitment,
    { name: "cid", type: { option: "string" }, maxLen: MAX_CID },
  ],
};

export const packedRecord: StructSpec = {
  name: "PackedRecord",
  doc: "One compressed message as the relayer submits it",
  fields: [
    { name: "sender", type: "pubkey" },
    {
      name: "envelope_hash",
      type: bytes32,
      doc: "sha256(agent signature || canonical request bytes)",
    },
  ],
};

export const enums: EnumSpec[] = [
  { name: "ChannelVisibility", variants: ["Public", "InviteOnly"] },
  { name: "RecipientKind", variants: ["Agent", "Channel"] },
  { name: "MessageType", variants: ["Text", "Data", "Command", "Response"] },
  { name: "MessageStatus", variants: ["Sent", "Delivered", "Read"] },
];
