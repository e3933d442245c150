import type { StructSpec } from "./model.js";
import {
  bytes32,
  defined,
  MAX_CHANNEL_NAME,
  MAX_CID,
  MAX_METADATA_URI,
  MAX_RELAYERS,
  requestId,
} from "./types.js";

// Variable-length fields come last so every other field has a fixed offset.
export const accounts: StructSpec[] = [
  {
    name: "Protocol",
    doc: 'PDA ["protocol"]; written only by the admin instructions',
    fields: [
      { name: "admin", type: "pubkey" },
      { name: "paused", type: "bool" },
      { name: "bump", type: "u8" },
      { name: "limits", type: defined("Limits") },
      { name: "relayers", type: { vec: "pubkey" }, maxLen: MAX_RELAYERS },
    ],
  },
  {
    name: "Agent",
    doc: 'PDA ["agent", agent]',
    fields: [
      { name: "agent", type: "pubkey" },
      { name: "capabilities", type: "u64" },
      { name: "registered_at", type: "i64" },
      { name: "updated_at", type: "i64" },
      { name: "commitment", type: bytes32 },
      { name: "payer", type: "pubkey" },
      { name: "bump", type: "u8" },
      { name: "metadata_uri", type: "string", maxLen: MAX_METADATA_URI },
    ],
  },
  {
    name: "Channel",
    doc: 'PDA ["channel", sha256(name)]',
    fields: [
      { name: "creator", type: "pubkey" },
      { name: "name_hash", type: bytes32 },
      { name: "visibility", type: defined("ChannelVisibility") },
      { name: "closed", type: "bool" },
      { name: "max_participants", type: "u32" },
      { name: "participant_count", type: "u32" },
      { name: "created_at", type: "i64" },
      { name: "payer", type: "pubkey" },
      { name: "bump", type: "u8" },
      { name: "name", type: "string", maxLen: MAX_CHANNEL_NAME },
    ],
  },
  {
    name: "Membership",
    doc: 'PDA ["member", channel, agent]',
    fields: [
      { name: "channel", type: "pubkey" },
      { name: "agent", type: "pubkey" },
      { name: "joined_at", type: "i64" },
      { name: "payer", type: "pubkey" },
      { name: "bump", type: "u8" },
    ],
  },
  {
    name: "Message",
    doc: 'PDA ["message", request_id]; one per request, so the chain refuses a duplicate',
    fields: [
      { name: "request_id", type: requestId },
      { name: "sender", type: "pubkey" },
      { name: "recipient", type: "pubkey" },
      { name: "recipient_kind", type: defined("RecipientKind") },
      { name: "message_type", type: defined("MessageType") },
      { name: "status", type: defined("MessageStatus") },
      { name: "content_hash", type: bytes32 },
      { name: "created_at", type: "i64" },
      { name: "expires_at", type: "i64" },
      { name: "commitment", type: bytes32 },
      { name: "payer", type: "pubkey" },
      { name: "bump", type: "u8" },
      { name: "cid", type: { option: "string" }, maxLen: MAX_CID },
    ],
  },
  {
    name: "CompressedMessage",
    doc: "Data of a Light compressed account owned by the program (not a Solana account)",
    fields: [
      { name: "sender", type: "pubkey" },
      { name: "envelope_hash", type: bytes32 },
      { name: "created_at", type: "i64" },
    ],
  },
  {
    name: "SignedMessage",
    doc: "Data of a compressed account whose ed25519 signature the chain verified",
    fields: [
      { name: "sender", type: "pubkey" },
      { name: "request_digest", type: bytes32, doc: "The 32 bytes the agent signed" },
      { name: "created_at", type: "i64" },
    ],
  },
];
