import {
  channelId,
  keypairFromSeed,
  PROTOCOL_VERSION,
  requestKey,
  sha256Of,
  signInvite,
  signRequest,
  toBase64,
  type AcceptedPayload,
  type Content,
  type Keypair,
  type Operation,
  type RequestOf,
  type SignedRequest,
  type UnsignedRequest,
} from "@pod/protocol";

/** Fixed keys and valid signed requests of every operation, for the tests and the bench. */

export const alice = keypairFromSeed(new Uint8Array(32).fill(1));
export const bob = keypairFromSeed(new Uint8Array(32).fill(2));
export const carol = keypairFromSeed(new Uint8Array(32).fill(3));

export const T0 = 1_767_225_600_000;
export const general = channelId("general");
const earlierMessage = requestKey(alice.address, "alice-message-0001");

let counter = 0;
/** A fresh request id, unique within the process (the prefix tells test files apart). */
export function nextId(prefix = "req"): string {
  counter += 1;
  return `${prefix}-${String(counter).padStart(12, "0")}`;
}

function sign<Op extends Operation>(op: Op, body: unknown, signer: Keypair, id = nextId()) {
  return signRequest({ v: PROTOCOL_VERSION, id, op, ts: T0, body } as UnsignedRequest, signer);
}

/** A valid signed request of `op` with short content for the message operations. */
export function requestOf(op: Operation, signer: Keypair = alice): SignedRequest {
  const bodies: Record<Operation, () => unknown> = {
    register_agent: () => ({ capabilities: "3", metadataUri: "ipfs://meta" }),
    register_agents: () => ({
      registrations: [bob, carol].map((kp) =>
        sign("register_agent", { capabilities: "1", metadataUri: "https://a.example/m" }, kp),
      ),
    }),
    update_agent: () => ({ metadataUri: "ipfs://meta-2" }),
    create_channel: () => ({ name: "general", visibility: "invite_only", maxParticipants: 100 }),
    join_channel: () => ({
      channel: general,
      invite: signInvite(general, signer.address, T0 + 60_000, alice),
    }),
    leave_channel: () => ({ channel: general }),
    send_direct: () => ({
      to: bob.address,
      content: { text: "hello bob" },
      contentType: "text/plain; charset=utf-8",
      expiresAt: T0 + 3_600_000,
    }),
    post_channel: () => ({
      channel: general,
      content: { bytes: toBase64(Uint8Array.from([0, 1, 2, 255])) },
      contentType: "application/octet-stream",
      replyTo: earlierMessage,
    }),
    mark_message: () => ({ message: earlierMessage, status: "read" }),
  };
  return sign(op, bodies[op](), signer);
}

/** A send_direct carrying `content`; with `expiresAt` unless told otherwise. */
export function directMessage(
  content: Content,
  opts: { expiring?: boolean; id?: string } = {},
): RequestOf<"send_direct"> {
  const body = {
    to: bob.address,
    content,
    contentType: content.text !== undefined ? "text/plain" : "application/octet-stream",
    ...(opts.expiring === false ? {} : { expiresAt: T0 + 3_600_000 }),
  };
  return sign("send_direct", body, alice, opts.id) as RequestOf<"send_direct">;
}

/** A post_channel carrying `content`. */
export function channelMessage(content: Content): RequestOf<"post_channel"> {
  const body = { channel: general, content, contentType: "text/plain" };
  return sign("post_channel", body, alice) as RequestOf<"post_channel">;
}

/** `n` incompressible bytes, the same on every run (a sha256 chain). */
export function noise(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let block = sha256Of(Uint8Array.of(seed));
  for (let at = 0; at < n; at += block.length) {
    out.set(block.subarray(0, Math.min(block.length, n - at)), at);
    block = sha256Of(block);
  }
  return out;
}

/** Prose that brotli shrinks well, `n` characters long. */
export function prose(n: number): string {
  const words = "the agent sends a message to another agent about the task and its result".split(
    " ",
  );
  let s = "";
  for (let i = 0; s.length < n; i++) s += `${words[(i * 7) % words.length]} `;
  return s.slice(0, n);
}

/** The AcceptedPayload ingest publishes for `request`. */
export function accepted(request: SignedRequest): AcceptedPayload {
  return { v: PROTOCOL_VERSION, requestId: request.id, receivedAt: T0 + 5, request };
}
