import type { MsgHdrs } from "@nats-io/transport-node";
import {
  parsePayload,
  PROTOCOL_VERSION,
  inlineContentOf,
  toBase64,
  type Content,
  type InclusionProof,
  type RecordConfirmedEvent,
} from "@pod/protocol";

export type MessageEvent = Extract<RecordConfirmedEvent, { op: "send_direct" | "post_channel" }>;

/** A confirmed event read from POD_EVENTS at stream sequence `seq`. */
export interface ConfirmedEntry {
  seq: number;
  event: RecordConfirmedEvent;
  headers: MsgHdrs | undefined;
  /** For messages: what every subscriber it goes to receives (built once, shared by all). */
  message?: PreparedMessage;
}

/**
 * One message ready to be written: the deliveredMessage JSON is made once per event, with the
 * event's own JSON as it came from the stream, and framed per transport on first use.
 */
export class PreparedMessage {
  #ws: Buffer | undefined;
  #sse: Buffer | undefined;

  constructor(
    readonly seq: number,
    readonly event: MessageEvent,
    /** The deliveredMessage as JSON text. */
    readonly json: string,
    /** The confirmed event's NATS headers: its trace context. */
    readonly headers: MsgHdrs | undefined,
    /** Whether an inclusion proof is attached. */
    readonly proved: boolean,
  ) {}

  get cursor(): string {
    return String(this.seq);
  }

  /**
   * The WebSocket text frame's payload, encoded once: a post to a channel goes to every member
   * connected, and each send would otherwise encode the same string again.
   */
  get wsFrame(): Buffer {
    return (this.#ws ??= Buffer.from(`{"type":"message","message":${this.json}}`));
  }

  /** The SSE event block (id = cursor, so EventSource resumes with Last-Event-ID), encoded once. */
  get sseFrame(): Buffer {
    return (this.#sse ??= Buffer.from(`id: ${this.seq}\nevent: message\ndata: ${this.json}\n\n`));
  }
}

export const inStateTree = (e: RecordConfirmedEvent): boolean => e.storage !== "direct";

export const isMessageEvent = (e: RecordConfirmedEvent): e is MessageEvent =>
  e.op === "send_direct" || e.op === "post_channel";

const MAX_EVENT_BYTES = 1024 * 1024;

/**
 * Parses a record.confirmed payload against its schema (throws SchemaError, or SyntaxError for
 * text that is not JSON). The protocol's decodePayload also scans for repeated keys, which
 * doubles the cost per event; POD_EVENTS is written by the tx-bundler's JSON.stringify alone, and
 * subscribers receive the event's own bytes, so the scan buys nothing here.
 */
export function parseConfirmed(data: Uint8Array): { event: RecordConfirmedEvent; raw: string } {
  if (data.byteLength > MAX_EVENT_BYTES) {
    throw new RangeError(`event of ${data.byteLength} bytes, over ${MAX_EVENT_BYTES}`);
  }
  const raw = decoder.decode(data);
  const event = parsePayload("event.record.confirmed", JSON.parse(raw));
  return { event, raw };
}

const decoder = new TextDecoder();

/**
 * The deliveredMessage JSON of a message event. `content` is decoded from the record when the
 * record carries it; undefined when it is in IPFS (the record's cid says where) or does not
 * decode (`contentError` says why, and the message still goes out).
 */
export function deliveredJson(
  seq: number,
  event: MessageEvent,
  raw: string,
  proof: InclusionProof | undefined,
): { json: string; contentError?: Error } {
  let content: Content | undefined;
  let contentError: Error | undefined;
  try {
    content = contentOf(event);
  } catch (error) {
    contentError = error as Error;
  }
  const parts = [`{"v":${PROTOCOL_VERSION}`, `"cursor":"${seq}"`, `"event":${raw}`];
  if (content) parts.push(`"content":${JSON.stringify(content)}`);
  if (proof) parts.push(`"proof":${JSON.stringify(proof)}`);
  return { json: `${parts.join(",")}}`, contentError };
}

function contentOf(event: MessageEvent): Content | undefined {
  const bytes = inlineContentOf(event.record);
  if (bytes === undefined) return undefined;
  if (event.record.contentKind === "bytes") return { bytes: toBase64(bytes) };
  return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
}
