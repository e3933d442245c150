import { PublicKey } from "@solana/web3.js";
import type { AccountMetaSpec, InstructionSpec } from "./model.js";
import { commitment, defined } from "./types.js";

export const SYSTEM_PROGRAM = "11111111111111111111111111111111";
export const LIGHT_SYSTEM_PROGRAM = "SySTEM1eSU2p4BGQfQpimFEWWSC1XDFeun3Nqzz3rT7";
export const ACCOUNT_COMPRESSION_PROGRAM = "compr6CUsB5m2jS4Y3831ztGSTnDpnKJTKS95d64XVq";
export const NOOP_PROGRAM = "noopb9bkMVfRPU8AsbpTUg8AQkHtKwMYZiFUjNRtMmV";
export const REGISTERED_PROGRAM_PDA = "35hkDgaAKwMCaxRz2ocSZ6NaUrtKkyNqU6c4RV3tYJRh";
export const ACCOUNT_COMPRESSION_AUTHORITY = "HwXnGK3tPkkVY6P439H2p68AxpeuWXd5PcrAxFpbmfbA";
export const ED25519_PROGRAM = "Ed25519SigVerify111111111111111111111111111";
export const INSTRUCTIONS_SYSVAR = "Sysvar1nstructions1111111111111111111111111";
export const UPGRADEABLE_LOADER = "BPFLoaderUpgradeab1e11111111111111111111111";
export const PROGRAM_ID = "9zJP9KKpbLvANNTSvEBrdRKee8edDwymokAiBywuFZAq";
/** The program's ProgramData account (upgradeable loader), which names its upgrade authority. */
export const PROGRAM_DATA = PublicKey.findProgramAddressSync(
  [new PublicKey(PROGRAM_ID).toBuffer()],
  new PublicKey(UPGRADEABLE_LOADER),
)[0].toBase58();

const payer: AccountMetaSpec = { name: "payer", writable: true, signer: true };
const authority: AccountMetaSpec = {
  name: "authority",
  signer: true,
  doc: "The agent itself, or a relayer listed in the protocol state",
};
const protocol: AccountMetaSpec = { name: "protocol", pdaConst: ["protocol"] };
const protocolMut: AccountMetaSpec = { ...protocol, writable: true };
const admin: AccountMetaSpec = { name: "admin", signer: true };
const systemProgram: AccountMetaSpec = { name: "system_program", address: SYSTEM_PROGRAM };
const rentReceiver: AccountMetaSpec = {
  name: "rent_receiver",
  writable: true,
  doc: "Must be the account that paid the rent",
};

/** Accounts of the compressed appends: Light's invoke_cpi accounts plus the caller's. */
const compressedAccounts: AccountMetaSpec[] = [
  { name: "fee_payer", writable: true, signer: true },
  authority,
  protocol,
  { name: "cpi_authority", pdaConst: ["cpi_authority"] },
  { name: "light_system_program", address: LIGHT_SYSTEM_PROGRAM },
  { name: "registered_program_pda", address: REGISTERED_PROGRAM_PDA },
  { name: "noop_program", address: NOOP_PROGRAM },
  { name: "account_compression_authority", address: ACCOUNT_COMPRESSION_AUTHORITY },
  { name: "account_compression_program", address: ACCOUNT_COMPRESSION_PROGRAM },
  { name: "self_program", doc: "This program (Light's invoking_program)" },
  systemProgram,
  { name: "merkle_tree", writable: true, doc: "A V1 state tree" },
];

export const instructions: InstructionSpec[] = [
  {
    name: "initialize",
    doc: "Create the protocol state; the admin must be the program's upgrade authority",
    accounts: [
      payer,
      admin,
      protocolMut,
      { name: "program_data", address: PROGRAM_DATA, doc: "Names the upgrade authority" },
      systemProgram,
    ],
    args: [{ name: "limits", type: defined("Limits") }],
  },
  {
    name: "set_admin",
    doc: "Hand the admin role over; the new admin signs too, so a mistyped key cannot take it",
    accounts: [admin, protocolMut, { name: "new_admin", signer: true }],
    args: [],
  },
  {
    name: "add_relayer",
    doc: "Allow a relayer authority to submit pipeline writes",
    accounts: [admin, protocolMut],
    args: [{ name: "relayer", type: "pubkey" }],
  },
  {
    name: "remove_relayer",
    doc: "Withdraw a relayer authority",
    accounts: [admin, protocolMut],
    args: [{ name: "relayer", type: "pubkey" }],
  },
  {
    name: "set_paused",
    doc: "Stop or resume every non-admin write",
    accounts: [admin, protocolMut],
    args: [{ name: "paused", type: "bool" }],
  },
  {
    name: "update_limits",
    doc: "Replace the protocol limits",
    accounts: [admin, protocolMut],
    args: [{ name: "limits", type: defined("Limits") }],
  },
  {
    name: "register_agent",
    doc: "Register an agent identity (its ed25519 key)",
    accounts: [
      payer,
      authority,
      protocol,
      { name: "agent_account", writable: true },
      systemProgram,
    ],
    args: [{ name: "args", type: defined("RegisterAgentArgs") }],
  },
  {
    name: "register_agents",
    doc: "Register many agents; their PDAs follow as remaining accounts in order",
    accounts: [payer, authority, protocol, systemProgram],
    args: [{ name: "entries", type: { vec: defined("RegisterAgentArgs") } }],
    remainingAccounts: "agent PDAs, writable, one per entry in order",
  },
  {
    name: "update_agent",
    doc: "Replace an agent's capabilities and metadata URI",
    accounts: [authority, protocol, { name: "agent_account", writable: true }],
    args: [
      { name: "capabilities", type: "u64" },
      { name: "metadata_uri", type: "string", maxLen: 128 },
      commitment,
    ],
  },
  {
    name: "close_agent",
    doc: "Close an agent account and return its rent",
    accounts: [authority, protocol, { name: "agent_account", writable: true }, rentReceiver],
    args: [commitment],
  },
  {
    name: "create_channel",
    doc: "Create a channel named by up to 64 bytes (seeded by the name's sha256)",
    accounts: [
      payer,
      authority,
      protocol,
      { name: "creator", doc: "The creator's Agent account" },
      { name: "channel", writable: true },
      systemProgram,
    ],
    args: [
      { name: "name", type: "string", maxLen: 64 },
      { name: "visibility", type: defined("ChannelVisibility") },
      { name: "max_participants", type: "u32" },
      commitment,
    ],
  },
  {
    name: "join_channel",
    doc: "Add an agent to a channel (invite-only: added by the creator or a relayer)",
    accounts: [
      payer,
      authority,
      protocol,
      { name: "agent_account" },
      { name: "channel", writable: true },
      { name: "membership", writable: true },
      systemProgram,
    ],
    args: [commitment],
  },
  {
    name: "leave_channel",
    doc: "Remove an agent from a channel; closing the membership lets it rejoin later",
    accounts: [
      authority,
      protocol,
      { name: "agent_account" },
      { name: "channel", writable: true },
      { name: "membership", writable: true },
      rentReceiver,
    ],
    args: [commitment],
  },
  {
    name: "close_channel",
    doc: "Close a channel to joins and posts; the account is deleted once it has no members",
    accounts: [authority, protocol, { name: "channel", writable: true }, rentReceiver],
    args: [commitment],
  },
  {
    name: "send_message",
    doc: "Store a direct message to an agent in its own account",
    accounts: [
      payer,
      authority,
      protocol,
      { name: "sender", doc: "The sender's Agent account" },
      { name: "recipient", doc: "The recipient's Agent account" },
      { name: "message", writable: true },
      systemProgram,
    ],
    args: [{ name: "args", type: defined("MessageArgs") }],
  },
  {
    name: "post_to_channel",
    doc: "Store a message to a channel in its own account; the sender must be a member",
    accounts: [
      payer,
      authority,
      protocol,
      { name: "sender", doc: "The sender's Agent account" },
      { name: "channel" },
      { name: "membership" },
      { name: "message", writable: true },
      systemProgram,
    ],
    args: [{ name: "args", type: defined("MessageArgs") }],
  },
  {
    name: "mark_delivered",
    doc: "Recipient (or a relayer for it) marks a direct message delivered",
    accounts: [authority, protocol, { name: "message", writable: true }],
    args: [commitment],
  },
  {
    name: "mark_read",
    doc: "Recipient (or a relayer for it) marks a direct message read",
    accounts: [authority, protocol, { name: "message", writable: true }],
    args: [commitment],
  },
  {
    name: "close_expired_message",
    doc: "Anyone may close an expired message; the rent returns to its payer",
    accounts: [{ name: "message", writable: true }, rentReceiver],
    args: [],
  },
  {
    name: "append_compressed_messages",
    doc: "Store records as Light compressed accounts owned by the program (CPI, no proof)",
    accounts: compressedAccounts,
    args: [{ name: "records", type: { vec: defined("PackedRecord") }, maxLen: 30 }],
  },
  {
    name: "append_signed_messages",
    doc:
      "Store one compressed SignedMessage per signature of the ed25519 instruction just " +
      "before this one (agent key, 32-byte request digest); the chain has verified each",
    accounts: [
      ...compressedAccounts,
      { name: "instructions_sysvar", address: INSTRUCTIONS_SYSVAR },
    ],
    args: [],
  },
];
