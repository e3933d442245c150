import {
  channelId,
  keypairFromSeed,
  requestKey,
  signInvite,
  signRequest,
  type Keypair,
  type Operation,
  type SignedRequest,
  type UnsignedRequest,
} from "../src/index.js";

/** Fixed keys and one valid signed request per operation, shared by the tests. */

export function seededKeypair(fill: number): Keypair {
  return keypairFromSeed(new Uint8Array(32).fill(fill));
}

export const alice = seededKeypair(1);
export const bob = seededKeypair(2);
export const carol = seededKeypair(3);

export const T0 = 1_767_225_600_000;
export const general = channelId("general");
const aliceMessage = requestKey(alice.address, "alice-message-0001");

let counter = 0;
function nextId(): string {
  counter += 1;
  return `example-id-${String(counter).padStart(6, "0")}`;
}

function unsigned(op: Operation, body: unknown, ts = T0): UnsignedRequest {
  return { v: 1, id: nextId(), op, ts, body } as UnsignedRequest;
}

/** A valid signed request of `op`, by `signer` (alice unless given). */
export function exampleRequest(op: Operation, signer: Keypair = alice): SignedRequest {
  const bodies: Record<Operation, () => unknown> = {
    register_agent: () => ({ capabilities: "18446744073709551615", metadataUri: "ipfs://meta" }),
    register_agents: () => ({
      registrations: [bob, carol].map((kp) =>
        signRequest(
          unsigned("register_agent", { capabilities: "3", metadataUri: "https://a.example/m" }),
          kp,
        ),
      ),
    }),
    update_agent: () => ({ metadataUri: "ipfs://meta-2" }),
    create_channel: () => ({
      name: "general",
      visibility: "invite_only",
      maxParticipants: 100,
      description: "Talk about anything.\nBe kind.",
    }),
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
      content: { bytes: Buffer.from([0, 1, 2, 255]).toString("base64") },
      contentType: "application/octet-stream",
      replyTo: aliceMessage,
    }),
    mark_message: () => ({ message: aliceMessage, status: "read" }),
  };
  return signRequest(unsigned(op, bodies[op]()), signer);
}

export function encode(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}
