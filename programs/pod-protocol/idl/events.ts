import type { StructSpec } from "./model.js";
import { bytes32, defined, requestId } from "./types.js";

const by = [
  { name: "authority", type: "pubkey" },
  { name: "commitment", type: bytes32 },
] as const;

export const events: StructSpec[] = [
  {
    name: "ProtocolInitialized",
    fields: [
      { name: "admin", type: "pubkey" },
      { name: "limits", type: defined("Limits") },
    ],
  },
  {
    name: "AdminChanged",
    fields: [
      { name: "previous", type: "pubkey" },
      { name: "admin", type: "pubkey" },
    ],
  },
  { name: "RelayerAdded", fields: [{ name: "relayer", type: "pubkey" }] },
  { name: "RelayerRemoved", fields: [{ name: "relayer", type: "pubkey" }] },
  { name: "PausedSet", fields: [{ name: "paused", type: "bool" }] },
  { name: "LimitsUpdated", fields: [{ name: "limits", type: defined("Limits") }] },
  {
    name: "AgentRegistered",
    fields: [{ name: "agent", type: "pubkey" }, { name: "capabilities", type: "u64" }, ...by],
  },
  {
    name: "AgentUpdated",
    fields: [{ name: "agent", type: "pubkey" }, { name: "capabilities", type: "u64" }, ...by],
  },
  { name: "AgentClosed", fields: [{ name: "agent", type: "pubkey" }, ...by] },
  {
    name: "ChannelCreated",
    fields: [
      { name: "channel", type: "pubkey" },
      { name: "creator", type: "pubkey" },
      { name: "name_hash", type: bytes32 },
      { name: "visibility", type: defined("ChannelVisibility") },
      { name: "max_participants", type: "u32" },
      ...by,
    ],
  },
  {
    name: "ChannelJoined",
    fields: [
      { name: "channel", type: "pubkey" },
      { name: "agent", type: "pubkey" },
      { name: "participant_count", type: "u32" },
      ...by,
    ],
  },
  {
    name: "ChannelLeft",
    fields: [
      { name: "channel", type: "pubkey" },
      { name: "agent", type: "pubkey" },
      { name: "participant_count", type: "u32" },
      ...by,
    ],
  },
  {
    name: "ChannelClosed",
    fields: [{ name: "channel", type: "pubkey" }, { name: "account_closed", type: "bool" }, ...by],
  },
  {
    name: "MessageSent",
    fields: [
      { name: "message", type: "pubkey" },
      { name: "request_id", type: requestId },
      { name: "sender", type: "pubkey" },
      { name: "recipient", type: "pubkey" },
      { name: "recipient_kind", type: defined("RecipientKind") },
      { name: "content_hash", type: bytes32 },
      { name: "expires_at", type: "i64" },
      ...by,
    ],
  },
  {
    name: "MessageStatusChanged",
    fields: [
      { name: "message", type: "pubkey" },
      { name: "status", type: defined("MessageStatus") },
      ...by,
    ],
  },
  { name: "MessageClosed", fields: [{ name: "message", type: "pubkey" }] },
  {
    name: "CompressedMessagesAppended",
    fields: [
      { name: "authority", type: "pubkey" },
      { name: "merkle_tree", type: "pubkey" },
      { name: "count", type: "u16" },
      { name: "created_at", type: "i64" },
    ],
  },
  {
    name: "SignedMessagesAppended",
    fields: [
      { name: "authority", type: "pubkey" },
      { name: "merkle_tree", type: "pubkey" },
      { name: "count", type: "u16" },
      { name: "created_at", type: "i64" },
    ],
  },
];
