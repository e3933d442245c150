import {
  channelId,
  isBase58OfLength,
  MAX_CHANNEL_PARTICIPANTS,
  toBase64,
  type ChannelVisibility,
  type Content,
  type CreateChannelBody,
  type Invite,
  type JoinChannelBody,
  type LeaveChannelBody,
  type MarkMessageBody,
  type MessageStatus,
  type PostChannelBody,
  type RegisterAgentBody,
  type SendDirectBody,
  type UpdateAgentBody,
} from "@pod/protocol";
import { SdkError } from "./errors.js";

/**
 * The typed helpers' arguments and how each becomes its operation's body. Pure functions:
 * PodClient signs and submits what they return.
 */

/** Capabilities: a u64 bitmap, as a number, bigint or decimal string. */
export type Capabilities = number | bigint | string;

export interface RegisterAgentArgs {
  /** Default 0. */
  capabilities?: Capabilities;
  /** Default "" (no metadata). */
  metadataUri?: string;
}

export interface UpdateAgentArgs {
  capabilities?: Capabilities;
  metadataUri?: string;
}

export interface CreateChannelArgs {
  name: string;
  /** Default "public". */
  visibility?: ChannelVisibility;
  /** Default MAX_CHANNEL_PARTICIPANTS (10,000). */
  maxParticipants?: number;
  description?: string;
}

/** A channel named by its name or by its id (base58 sha256 of the name, see channelId). */
export type ChannelRef = string;

export interface JoinChannelArgs {
  channel: ChannelRef;
  invite?: Invite;
}

export interface LeaveChannelArgs {
  channel: ChannelRef;
}

/** Message content: text (UTF-8) or bytes (raw, or already base64). */
export type ContentArgs =
  { text: string; bytes?: undefined } | { bytes: Uint8Array | string; text?: undefined };

export type SendDirectArgs = ContentArgs & {
  /** The recipient's address. */
  to: string;
  /** Default text/plain for text, application/octet-stream for bytes. */
  contentType?: string;
  /** Unix ms; an expiring direct message is stored as its own (markable) account. */
  expiresAt?: number;
};

export type PostChannelArgs = ContentArgs & {
  channel: ChannelRef;
  contentType?: string;
  /** The message id (request key) this post answers. */
  replyTo?: string;
};

export interface MarkMessageArgs {
  /** The message id (its request key). */
  message: string;
  status: MessageStatus;
}

export const DEFAULT_TEXT_TYPE = "text/plain";
export const DEFAULT_BYTES_TYPE = "application/octet-stream";

/** A helper argument the SDK cannot turn into a body (before anything is sent). */
export class InvalidArgumentError extends SdkError {
  readonly field: string;

  constructor(field: string, reason: string) {
    super("INVALID_ARGUMENT", `${field}: ${reason}`, { details: { field } });
    this.field = field;
  }
}

/**
 * The channel id of a name or an id. A string that is base58 of 32 bytes is taken as an id
 * (a name spelled like one would be misread: such names cannot be addressed by name here).
 */
export function resolveChannelId(channel: ChannelRef): string {
  if (typeof channel !== "string" || channel.length === 0) {
    throw new InvalidArgumentError("channel", "must be a channel name or id");
  }
  return isChannelId(channel) ? channel : channelId(channel);
}

export function isChannelId(s: string): boolean {
  return isBase58OfLength(s, 32);
}

function capabilitiesOf(value: Capabilities): string {
  try {
    const n = BigInt(value);
    if (n < 0n) throw new RangeError("negative");
    return n.toString();
  } catch {
    throw new InvalidArgumentError("capabilities", "must be a non-negative integer (u64)");
  }
}

function contentOf(args: ContentArgs): { content: Content; defaultType: string } {
  if ((args.text === undefined) === (args.bytes === undefined)) {
    throw new InvalidArgumentError("content", "give exactly one of text or bytes");
  }
  if (args.text !== undefined)
    return { content: { text: args.text }, defaultType: DEFAULT_TEXT_TYPE };
  const bytes = typeof args.bytes === "string" ? args.bytes : toBase64(args.bytes!);
  return { content: { bytes }, defaultType: DEFAULT_BYTES_TYPE };
}

export function registerAgentBody(args: RegisterAgentArgs = {}): RegisterAgentBody {
  return {
    capabilities: capabilitiesOf(args.capabilities ?? 0),
    metadataUri: args.metadataUri ?? "",
  };
}

export function updateAgentBody(args: UpdateAgentArgs): UpdateAgentBody {
  if (args.capabilities === undefined && args.metadataUri === undefined) {
    throw new InvalidArgumentError("capabilities", "change capabilities or metadataUri");
  }
  const body: UpdateAgentBody = {};
  if (args.capabilities !== undefined) body.capabilities = capabilitiesOf(args.capabilities);
  if (args.metadataUri !== undefined) body.metadataUri = args.metadataUri;
  return body;
}

export function createChannelBody(args: CreateChannelArgs): CreateChannelBody {
  const body: CreateChannelBody = {
    name: args.name,
    visibility: args.visibility ?? "public",
    maxParticipants: args.maxParticipants ?? MAX_CHANNEL_PARTICIPANTS,
  };
  if (args.description !== undefined) body.description = args.description;
  return body;
}

export function joinChannelBody(args: JoinChannelArgs): JoinChannelBody {
  const body: JoinChannelBody = { channel: resolveChannelId(args.channel) };
  if (args.invite !== undefined) body.invite = args.invite;
  return body;
}

export function leaveChannelBody(args: LeaveChannelArgs): LeaveChannelBody {
  return { channel: resolveChannelId(args.channel) };
}

export function sendDirectBody(args: SendDirectArgs): SendDirectBody {
  const { content, defaultType } = contentOf(args);
  const body: SendDirectBody = {
    to: args.to,
    content,
    contentType: args.contentType ?? defaultType,
  };
  if (args.expiresAt !== undefined) body.expiresAt = args.expiresAt;
  return body;
}

export function postChannelBody(args: PostChannelArgs): PostChannelBody {
  const { content, defaultType } = contentOf(args);
  const body: PostChannelBody = {
    channel: resolveChannelId(args.channel),
    content,
    contentType: args.contentType ?? defaultType,
  };
  if (args.replyTo !== undefined) body.replyTo = args.replyTo;
  return body;
}

export function markMessageBody(args: MarkMessageArgs): MarkMessageBody {
  return { message: args.message, status: args.status };
}
