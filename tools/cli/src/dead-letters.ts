import type { JsMsg, StoredMsg } from "@nats-io/jetstream";
import { headers as natsHeaders, type MsgHdrs } from "@nats-io/transport-node";
import { extractTraceContext, publish, type Bus } from "@pod/bus";
import { STREAMS, subjects } from "@pod/protocol";
import { notFound } from "./errors.js";

/** A dead letter as `pod dlq` shows it, whichever writer's body shape it has. */
export interface DeadLetterEntry {
  /** Its sequence in POD_DLQ: what `pod dlq replay` takes. */
  seq: number;
  service: string;
  /** Where the original message was consumed from, and where a replay publishes it. */
  subject: string;
  code: string;
  reason: string;
  deliveries: number;
  /** When it was dead-lettered (ms). */
  at: number;
  /** The original's JetStream message id, when it had one. */
  msgId?: string;
  /** The original's stream and sequence, when recorded. */
  stream?: string;
  streamSeq?: number;
  /** The original bytes, base64. */
  data: string;
  /** The original's headers (without the Pod-Dlq-* ones). */
  headers: Record<string, string>;
}

// The dead letter's own headers and NATS publish controls (its msg id, expected stream).
const DLQ_HEADER = /^(pod-dlq-|nats-)/i;

/** A stored message as a direct get or a consumer delivers it. */
interface Stored {
  seq: number;
  subject: string;
  data: Uint8Array;
  header: MsgHdrs | undefined;
  time: Date;
}

const fromStored = (m: StoredMsg): Stored => m;
const fromJsMsg = (m: JsMsg): Stored => ({
  seq: m.seq,
  subject: m.subject,
  data: m.data,
  header: m.headers,
  time: new Date(Math.floor(m.info.timestampNanos / 1e6)),
});

/** Reads one stored dead letter; undefined when the body is not a dead letter at all. */
export function parseDeadLetter(m: Stored): DeadLetterEntry | undefined {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(new TextDecoder().decode(m.data)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof body?.subject !== "string" || typeof body.data !== "string") return undefined;
  const all = headerMap(m.header);
  const headers = Object.fromEntries(Object.entries(all).filter(([k]) => !DLQ_HEADER.test(k)));
  // The bus writes `at` as an ISO string; the protocol schema as unix ms.
  const at = typeof body.at === "number" ? body.at : Date.parse(String(body.at));
  const msgId = str(body.msgId) ?? all["Pod-Dlq-Msg-Id"];
  const streamSeq = num(body.streamSequence) ?? num(Number(all["Pod-Dlq-Stream-Seq"]));
  return {
    seq: m.seq,
    service: str(body.service) ?? m.subject.slice(subjects.dlq("*").length - 1),
    subject: body.subject,
    code: str(body.code) ?? "UNKNOWN",
    reason: str(body.reason) ?? "",
    deliveries: num(body.deliveries) ?? 0,
    at: Number.isFinite(at) ? at : m.time.getTime(),
    ...(msgId ? { msgId } : {}),
    ...(str(body.stream) ? { stream: str(body.stream) } : {}),
    ...(streamSeq !== undefined ? { streamSeq } : {}),
    data: body.data,
    headers,
  };
}

/** Every dead letter (of one service when given), oldest first. */
export async function listDeadLetters(bus: Bus, service?: string): Promise<DeadLetterEntry[]> {
  const info = await bus.jsm.streams.info(STREAMS.dlq.name);
  if (info.state.messages === 0) return [];
  const filter = service ? subjects.dlq(service as never) : STREAMS.dlq.subjects[0]!;
  // An ordered consumer: ephemeral, server-side filtered, cleaned up by the server.
  const consumer = await bus.js.consumers.get(STREAMS.dlq.name, { filter_subjects: filter });
  const entries: DeadLetterEntry[] = [];
  for (;;) {
    const batch = await consumer.fetch({ max_messages: 256, expires: 1_000 });
    let seen = 0;
    let caughtUp = false;
    for await (const m of batch) {
      seen++;
      const entry = parseDeadLetter(fromJsMsg(m));
      if (entry) entries.push(entry);
      if (m.info.pending === 0) caughtUp = true;
    }
    if (caughtUp || seen === 0) break;
  }
  return entries;
}

export async function getDeadLetter(bus: Bus, seq: number): Promise<DeadLetterEntry> {
  const m = await bus.jsm.streams.getMessage(STREAMS.dlq.name, { seq }).catch((error: unknown) => {
    if (/no message found|not found/i.test(String((error as Error).message))) return null;
    throw error;
  });
  const entry = m ? parseDeadLetter(fromStored(m)) : undefined;
  if (!entry) throw notFound(`no dead letter with sequence ${seq} in ${STREAMS.dlq.name}`);
  return entry;
}

/**
 * The message id of a replay: new (the original id may still be inside the dedup window, so
 * reusing it would store nothing) but fixed per dead letter, so replaying the same entry twice
 * (a crash between the publish and the delete) stores it once. Downstream stages key their
 * own outputs by the request key inside the payload, which a replay leaves untouched.
 */
export function replayMsgId(entry: DeadLetterEntry): string {
  // A replayed message that failed again keeps its first id as the base, not a growing chain.
  const original = (entry.msgId ?? `${entry.stream ?? "unknown"}:${entry.streamSeq ?? 0}`).replace(
    /:replay:\d+$/,
    "",
  );
  return `${original}:replay:${entry.seq}`;
}

export interface ReplayResult {
  seq: number;
  subject: string;
  msgId: string;
  stream: string;
  streamSeq: number;
  duplicate: boolean;
}

/**
 * Republishes the original bytes to the original subject (original headers, trace context
 * continued), waits for the PubAck, then deletes the dead letter.
 */
export async function replayDeadLetter(bus: Bus, entry: DeadLetterEntry): Promise<ReplayResult> {
  const msgId = replayMsgId(entry);
  const ack = await publish(bus, entry.subject, Buffer.from(entry.data, "base64"), {
    msgId,
    headers: entry.headers,
    context: extractTraceContext(headersOf(entry.headers)),
  });
  await bus.jsm.streams.deleteMessage(STREAMS.dlq.name, entry.seq, false);
  return {
    seq: entry.seq,
    subject: entry.subject,
    msgId,
    stream: ack.stream,
    streamSeq: ack.seq,
    duplicate: ack.duplicate,
  };
}

function headerMap(h: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of h?.keys() ?? []) out[key] = h!.get(key);
  return out;
}

function headersOf(map: Record<string, string>): MsgHdrs {
  const h = natsHeaders();
  for (const [k, v] of Object.entries(map)) h.set(k, v);
  return h;
}

function str(x: unknown): string | undefined {
  return typeof x === "string" && x.length > 0 ? x : undefined;
}

function num(x: unknown): number | undefined {
  return typeof x === "number" && Number.isFinite(x) ? x : undefined;
}
