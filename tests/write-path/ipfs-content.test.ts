import { randomBytes } from "node:crypto";
import {
  channelId,
  commitmentOf,
  fromBase64,
  ipfsGetReply,
  subjects,
  toBase64,
  utf8Bytes,
  type SignedRequest,
} from "@pod/protocol";
import type { PodClient } from "@pod/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoEntryOf } from "./support/chain.js";
import { startWritePath, type WritePath } from "./support/stack.js";

let wp: WritePath;
let alice: PodClient;
let bob: PodClient;
const room = `e2e-ipfs-${Date.now()}`;

beforeAll(async () => {
  wp = await startWritePath();
  [alice, bob] = await Promise.all([wp.registered(), wp.registered()]);
  await alice.submitAndConfirm("create_channel", {
    name: room,
    visibility: "public",
    maxParticipants: 5,
  });
  await alice.submitAndConfirm("join_channel", { channel: channelId(room) });
}, 240_000);
afterAll(() => wp?.stop());

/** Content bytes through pod.ipfs.get (core request-reply, served by ipfs-storage). */
async function viaNats(cid: string): Promise<Uint8Array> {
  const reply = await wp.bus.nc.request(subjects.ipfsGet, JSON.stringify({ cid }), {
    timeout: 10_000,
  });
  const parsed = ipfsGetReply.parse(reply.json());
  if (!parsed.ok) throw new Error(`${parsed.code}: ${parsed.reason}`);
  return fromBase64(parsed.content)!;
}

/** Content bytes through the HTTP gateway of ipfs-storage. */
async function viaHttp(cid: string): Promise<Uint8Array> {
  const res = await fetch(`${wp.stack.service("ipfs-storage").httpUrl}/ipfs/${cid}`);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

/** Random bytes do not compress, so they can never ride inline. */
const incompressible = (size: number) => new Uint8Array(randomBytes(size));

const stored: { cid: string; bytes: Uint8Array }[] = [];

async function cidOf(client: PodClient, request: SignedRequest) {
  const event = await client.waitFor((await client.submitSigned(request)).requestKey);
  const tx = await wp.chain.transaction(event.signature);
  const entry = memoEntryOf(tx, commitmentOf(request));
  expect(entry && "cid" in entry, "the memo names the content's CID").toBe(true);
  return { event, cid: (entry as { cid: string }).cid };
}

describe("large content goes to IPFS and its CID to the chain", () => {
  it("ipfs - a large channel post is a compressed record whose memo holds the CID; the bytes come back intact over pod.ipfs.get and HTTP", async () => {
    const bytes = incompressible(3_000);
    const request = alice.sign("post_channel", {
      channel: channelId(room),
      content: { bytes: toBase64(bytes) },
      contentType: "application/octet-stream",
    });
    const { event, cid } = await cidOf(alice, request);
    expect(event.storage).toBe("compressed");
    expect(await viaNats(cid)).toEqual(bytes);
    expect(await viaHttp(cid)).toEqual(bytes);
    stored.push({ cid, bytes });
  });

  it("ipfs - a large direct message with an expiry is a Message account whose cid field is the CID; near-maximum text too", async () => {
    // Base64 of random bytes: text that brotli cannot shrink below the inline limit (60 KiB,
    // near MAX_CONTENT_BYTES).
    const text = toBase64(incompressible(45_000));
    const request = alice.sign("send_direct", {
      to: bob.agent,
      content: { text },
      contentType: "text/plain",
      expiresAt: Date.now() + 3_600_000,
    });
    const { event, cid } = await cidOf(alice, request);
    expect(event.storage).toBe("direct");
    const message = await wp.chain.message(alice.agent, request.id);
    expect(message?.cid).toBe(cid);
    expect(await viaNats(cid)).toEqual(utf8Bytes(text));
    expect(await viaHttp(cid)).toEqual(utf8Bytes(text));
    stored.push({ cid, bytes: utf8Bytes(text) });
  });

  it("ipfs - after ipfs-storage is SIGKILLed and restarted, every stored content still comes back intact both ways", async () => {
    expect(stored).toHaveLength(2);
    const ipfs = wp.stack.service("ipfs-storage");
    const pid = ipfs.pid;
    await ipfs.kill("SIGKILL");
    await ipfs.restart();
    expect(ipfs.pid).not.toBe(pid);
    for (const { cid, bytes } of stored) {
      expect(await viaNats(cid)).toEqual(bytes);
      expect(await viaHttp(cid)).toEqual(bytes);
    }
    // The raw block, as a trustless gateway serves it, is the content itself (one raw leaf).
    const raw = await fetch(`${ipfs.httpUrl}/ipfs/${stored[0]!.cid}?format=raw`);
    expect(raw.headers.get("content-type")).toContain("application/vnd.ipld.raw");
    expect(new Uint8Array(await raw.arrayBuffer())).toEqual(stored[0]!.bytes);
  }, 120_000);
});
