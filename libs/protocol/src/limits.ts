/**
 * Every size and count limit of the protocol, in one place. Byte limits count UTF-8 bytes of
 * strings, or decoded bytes of base64 fields.
 */

/** The envelope and payload version this library reads and writes. */
export const PROTOCOL_VERSION = 1;

/** Largest request an agent may publish, in bytes of its JSON encoding. */
export const MAX_REQUEST_BYTES = 128 * 1024;
/** Largest message content (text as UTF-8, or decoded bytes). */
export const MAX_CONTENT_BYTES = 64 * 1024;
/** Largest pipeline payload a stage publishes (a request plus its content and record). */
export const MAX_PAYLOAD_BYTES = 512 * 1024;

export const MIN_REQUEST_ID_LENGTH = 16;
export const MAX_REQUEST_ID_LENGTH = 36;

export const MAX_METADATA_URI_BYTES = 200;
export const MIN_CHANNEL_NAME_BYTES = 1;
export const MAX_CHANNEL_NAME_BYTES = 64;
export const MAX_CHANNEL_DESCRIPTION_BYTES = 256;
export const MIN_CHANNEL_PARTICIPANTS = 2;
export const MAX_CHANNEL_PARTICIPANTS = 10_000;
export const MAX_CONTENT_TYPE_BYTES = 128;
/** Most registrations one register_agents batch may carry. */
export const MAX_BATCH_REGISTRATIONS = 16;
/** Longest human-readable reason in an event or dead letter. */
export const MAX_REASON_BYTES = 1024;

export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;
export const HASH_BYTES = 32;
/** Capabilities are a 64-bit bitmap on chain. */
export const U64_MAX = (1n << 64n) - 1n;
