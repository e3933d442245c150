import type { z } from "zod";
import {
  InvalidUtf8Error,
  MalformedJsonError,
  SchemaError,
  TooLargeError,
  UnknownSchemaError,
  UnsupportedVersionError,
} from "./errors.js";
import { MAX_PAYLOAD_BYTES, MAX_REQUEST_BYTES, PROTOCOL_VERSION } from "./limits.js";
import { findDuplicateKey } from "./json.js";
import { errorFromZod, fieldPath } from "./schema-errors.js";
import { deadLetter } from "./schemas/dlq.js";
import { deliveredMessage } from "./schemas/delivery.js";
import { eventSchemas } from "./schemas/events.js";
import { acceptedPayload, readyPayload, storePayload } from "./schemas/pipeline.js";
import { receipt } from "./schemas/receipt.js";
import { requestSchema, type SignedRequest } from "./schemas/request.js";
import { STAGES, type Operation } from "./subjects.js";

/** Every payload schema by name: the names parsePayload and decodePayload accept. */
export const payloadSchemas = {
  request: requestSchema,
  "pipeline.accepted": acceptedPayload,
  "pipeline.store": storePayload,
  "pipeline.ready": readyPayload,
  "event.request.accepted": eventSchemas["request.accepted"],
  "event.request.rejected": eventSchemas["request.rejected"],
  "event.content.stored": eventSchemas["content.stored"],
  "event.record.confirmed": eventSchemas["record.confirmed"],
  "event.record.failed": eventSchemas["record.failed"],
  "event.message.delivered": eventSchemas["message.delivered"],
  dlq: deadLetter,
  receipt,
  delivery: deliveredMessage,
} as const;
export type PayloadSchemaName = keyof typeof payloadSchemas;
export type PayloadOf<N extends PayloadSchemaName> = z.infer<(typeof payloadSchemas)[N]>;

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * UTF-8 (fatal; a BOM is kept and so refused by JSON.parse), JSON.parse, then a refusal of
 * repeated keys, so that every JSON parser reads the same object from the bytes.
 */
function decodeJson(bytes: Uint8Array, limit: number): unknown {
  if (bytes.length > limit) throw new TooLargeError("", limit, bytes.length);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch (cause) {
    throw new InvalidUtf8Error({ cause, details: { bytes: bytes.length } });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new MalformedJsonError(cause instanceof Error ? cause.message : String(cause), {
      cause,
    });
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) {
    const field = fieldPath(duplicate);
    throw new SchemaError([{ field, rule: "duplicate_key", message: "key appears twice" }]);
  }
  return value;
}

function checkVersion(value: unknown): void {
  if (typeof value === "object" && value !== null && "v" in value) {
    const v = (value as { v: unknown }).v;
    if (v !== PROTOCOL_VERSION) throw new UnsupportedVersionError(v);
  }
}

/**
 * The signed request in `bytes`, schema-checked (signature not yet verified: see
 * verifyRequest). With `op` (the operation of the subject it arrived on), a request for another
 * operation is refused too. Throws TooLargeError, InvalidUtf8Error, MalformedJsonError,
 * UnsupportedVersionError, SchemaError or TextInvalidError.
 */
export function parseRequest(bytes: Uint8Array, options: { op?: Operation } = {}): SignedRequest {
  const request = decodePayload("request", bytes, MAX_REQUEST_BYTES);
  if (options.op !== undefined && request.op !== options.op) {
    const message = `is ${request.op} but the subject is for ${options.op}`;
    throw new SchemaError([{ field: "op", rule: "matches_subject", message }]);
  }
  return request;
}

/** `value` checked against the named schema; throws the typed error of the first issue. */
export function parsePayload<N extends PayloadSchemaName>(name: N, value: unknown): PayloadOf<N> {
  const schema = payloadSchemas[name] as z.ZodType | undefined;
  if (schema === undefined) throw new UnknownSchemaError(String(name));
  if (name !== "receipt") checkVersion(value);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw errorFromZod(parsed.error, { details: { schema: name } });
  return parsed.data as PayloadOf<N>;
}

/** parsePayload over the UTF-8 JSON in `bytes`, refusing more than `limit` bytes. */
export function decodePayload<N extends PayloadSchemaName>(
  name: N,
  bytes: Uint8Array,
  limit: number = MAX_PAYLOAD_BYTES,
): PayloadOf<N> {
  return parsePayload(name, decodeJson(bytes, limit));
}

/** The schema name of a payload published on `subject`, or undefined for a foreign subject. */
export function schemaNameForSubject(subject: string): PayloadSchemaName | undefined {
  const parts = subject.split(".");
  if (parts[0] !== "pod") return undefined;
  if (parts[1] === "ingest" && parts.length === 3) return "request";
  if (parts[1] === "pipeline" && parts.length === 4 && Object.hasOwn(STAGES, parts[2]!)) {
    return `pipeline.${parts[2]}` as PayloadSchemaName;
  }
  if (parts[1] === "events" && parts.length === 4) {
    const name = `event.${parts[2]}.${parts[3]}`;
    return Object.hasOwn(payloadSchemas, name) ? (name as PayloadSchemaName) : undefined;
  }
  if (parts[1] === "dlq" && parts.length === 3) return "dlq";
  return undefined;
}
