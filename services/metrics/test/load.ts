import {
  generateKeypair,
  subjects,
  utf8Bytes,
  type DeliveredMessage,
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
  /** What the recipient's subscription received (the subscription service's deliveries). */
  inbox: Inbox;
  startedAt: number;
  sender: PodClient;
  recipient: string;
}

/**
 * The small real load of these tests: two agents register, the recipient subscribes, `messages`
 * direct messages (two of them large enough for IPFS) go to it, one malformed request and one
 * from an unregistered agent are refused.
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
  const inbox = await openInbox(bob, system.stack.service("subscription").httpUrl);
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
    inbox,
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

/** Messages the subscription service pushed to one agent, collected as they arrive. */
export interface Inbox {
  received: DeliveredMessage[];
  close(): Promise<void>;
}

/** Subscribes `client` (WebSocket) and resolves once the service says it is ready. */
export async function openInbox(client: PodClient, url: string): Promise<Inbox> {
  const subscription = client.subscribe({ url, transport: "ws" });
  const received: DeliveredMessage[] = [];
  const connected = new Promise<void>((resolve, reject) => {
    subscription.once("connected", () => resolve());
    subscription.once("close", () => reject(new Error("subscription closed before it connected")));
  });
  const reading = (async () => {
    for await (const message of subscription) received.push(message);
  })();
  await connected;
  return {
    received,
    async close() {
      await subscription.close();
      await reading.catch(() => undefined);
    },
  };
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
