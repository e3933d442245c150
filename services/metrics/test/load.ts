import { publish } from "@pod/bus";
import {
  generateKeypair,
  PROTOCOL_VERSION,
  subjects,
  utf8Bytes,
  type MessageDeliveredEvent,
  type RecordConfirmedEvent,
} from "@pod/protocol";
import { RejectedError, type PodClient } from "@pod/sdk";
import type { System } from "./support.js";

/** Content above the inline limit (320 bytes encoded) goes through IPFS: a content_stored step. */
const LARGE_TEXT =
  "incompressible? no, but long enough to leave the record: ".repeat(2) + randomText(600);

export interface LoadResult {
  /** Every record.confirmed the clients saw, registrations included. */
  confirmed: RecordConfirmedEvent[];
  rejectedCodes: string[];
  /** message.delivered events published, with the latency each carries. */
  delivered: { event: MessageDeliveredEvent; ms: number }[];
  startedAt: number;
  sender: PodClient;
  recipient: string;
}

/**
 * The small real load of these tests: two agents register, `messages` direct messages (two of
 * them large enough for IPFS), one malformed request, one from an unregistered agent.
 */
export async function runLoad(system: System, messages: number): Promise<LoadResult> {
  const startedAt = Date.now();
  const alice = await system.client();
  const bob = await system.client();
  const registrations = await Promise.all(
    [alice, bob].map((c) =>
      c.submitAndConfirm("register_agent", {
        capabilities: "1",
        metadataUri: "https://a.example/x",
      }),
    ),
  );
  const sent = await sendMessages(alice, bob.agent, messages, 2);

  const rejectedCodes: string[] = [];
  const malformed = await alice.publishRaw(subjects.ingest("send_direct"), utf8Bytes('{"v":1,'));
  if (malformed.status === "rejected") rejectedCodes.push(malformed.rejection.code);
  const stranger = await system.client(generateKeypair());
  try {
    await stranger.submit("send_direct", text(alice.agent, "who am I?"));
  } catch (error) {
    if (error instanceof RejectedError) rejectedCodes.push(error.code);
    else throw error;
  }
  return {
    confirmed: [...registrations, ...sent],
    rejectedCodes,
    delivered: [],
    startedAt,
    sender: alice,
    recipient: bob.agent,
  };
}

/** `count` direct messages from `client` to `to`, the first `large` of them through IPFS. */
export async function sendMessages(
  client: PodClient,
  to: string,
  count: number,
  large = 0,
): Promise<RecordConfirmedEvent[]> {
  const receipts = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      client.submit("send_direct", text(to, i < large ? `${LARGE_TEXT} ${i}` : `hello ${i}`)),
    ),
  );
  return Promise.all(receipts.map((r) => client.waitFor(r.requestKey)));
}

/**
 * message.delivered events exactly as the subscription service publishes them for a pushed
 * message, `ms` after its confirmation.
 */
export async function publishDelivered(
  system: System,
  confirmed: RecordConfirmedEvent[],
  ms: number,
): Promise<{ event: MessageDeliveredEvent; ms: number }[]> {
  const out: { event: MessageDeliveredEvent; ms: number }[] = [];
  for (const c of confirmed) {
    if (c.op !== "send_direct") continue;
    const event: MessageDeliveredEvent = {
      v: PROTOCOL_VERSION,
      requestId: c.requestId,
      requestKey: c.requestKey,
      op: "send_direct",
      agent: c.record.recipient,
      transport: "ws",
      confirmedAt: c.at,
      at: c.at + ms,
    };
    await publish(system.bus, subjects.event("message", "delivered"), event, {
      msgId: `delivered:${c.requestKey}:${c.record.recipient}`,
    });
    out.push({ event, ms });
  }
  return out;
}

function text(to: string, body: string) {
  return { to, content: { text: body }, contentType: "text/plain" };
}

function randomText(n: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
  return s;
}
