import { readFile, writeFile } from "node:fs/promises";
import {
  decodePayload,
  ipfsGetReply,
  requestKeyOf,
  subjects,
  type ReadyPayloadOf,
} from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";
import { beforeAll, describe, expect, it } from "vitest";
import {
  blockFileOf,
  ipfsForTests,
  ipfsGet,
  messageWithId,
  PIPELINE,
  publishStore,
  sendDirect,
  storePayload,
} from "./support.js";

const env = ipfsForTests();

/** Stores `content` through the pipeline and returns the CID of its ready record. */
async function stored(content: string | Uint8Array): Promise<string> {
  const request = sendDirect(content);
  await publishStore(env.client, storePayload(request));
  const msg = await waitFor(() =>
    messageWithId(
      env.client,
      PIPELINE,
      subjects.pipeline("ready", "send_direct"),
      `ready:${requestKeyOf(request)}`,
    ),
  );
  return (decodePayload("pipeline.ready", msg.data) as ReadyPayloadOf<"send_direct">).record.cid!;
}

const binary = Uint8Array.from({ length: 4000 }, (_, i) => (i * 7 + 3) % 256);
let cid: string;

beforeAll(async () => {
  cid = await stored(binary);
});

describe("reading content by CID", () => {
  it("pod.ipfs.get returns the bytes intact, in an IpfsGetReply", async () => {
    const { reply } = await ipfsGet(env.client, { cid });
    const parsed = ipfsGetReply.parse(reply);
    expect(parsed).toMatchObject({ ok: true, cid });
    expect(Buffer.from((parsed as { content: string }).content, "base64")).toEqual(
      Buffer.from(binary),
    );
  });

  it("GET /ipfs/<cid> returns the content bytes; ?format=raw and Accept: application/vnd.ipld.raw the block", async () => {
    const content = await fetch(`${env.ipfs.gateway}/ipfs/${cid}`);
    expect(content.status).toBe(200);
    expect(content.headers.get("content-type")).toBe("application/octet-stream");
    expect(content.headers.get("etag")).toBe(`"${cid}"`);
    expect(Buffer.from(await content.arrayBuffer())).toEqual(Buffer.from(binary));

    for (const res of [
      await fetch(`${env.ipfs.gateway}/ipfs/${cid}?format=raw`),
      await fetch(`${env.ipfs.gateway}/ipfs/${cid}`, {
        headers: { accept: "application/vnd.ipld.raw" },
      }),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/vnd.ipld.raw");
      const block = new Uint8Array(await res.arrayBuffer());
      // Trustless: the client checks the block against the CID itself.
      expect((await sha256.digest(block)).digest).toEqual(CID.parse(cid).multihash.digest);
    }
  });

  it("the gateway answers HEAD, 304 for a matching If-None-Match, 406 for another format, 405 for POST", async () => {
    const url = `${env.ipfs.gateway}/ipfs/${cid}`;
    const head = await fetch(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(binary.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    const cached = await fetch(url, { headers: { "if-none-match": `"${cid}"` } });
    expect(cached.status).toBe(304);
    expect((await fetch(`${url}?format=car`)).status).toBe(406);
    expect((await fetch(url, { method: "POST" })).status).toBe(405);
    // The runtime's own routes are untouched by the gateway's.
    expect((await fetch(`${env.ipfs.url}/healthz`)).status).toBe(200);
  });

  it("an unknown CID is NOT_FOUND (404), without waiting for a network", async () => {
    const unknown = CID.createV1(
      0x55,
      await sha256.digest(new TextEncoder().encode("never stored")),
    );
    const started = Date.now();
    const { reply } = await ipfsGet(env.client, { cid: unknown.toString() });
    expect(ipfsGetReply.parse(reply)).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const res = await fetch(`${env.ipfs.gateway}/ipfs/${unknown}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "NOT_FOUND" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("a malformed CID is CID_INVALID (400), and so is a request that is not JSON", async () => {
    for (const body of [{ cid: "bnotacid" }, { cid: "bafy-not-base32!" }, "not json", { id: 1 }]) {
      const { reply } = await ipfsGet(env.client, body);
      expect(ipfsGetReply.parse(reply)).toMatchObject({ ok: false, code: "CID_INVALID" });
    }
    for (const path of [
      "not-a-cid",
      "bafkreinotbase32!!",
      "%E0%A4%A",
      "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
    ]) {
      const res = await fetch(`${env.ipfs.gateway}/ipfs/${path}`);
      expect([path, res.status]).toEqual([path, path.startsWith("Qm") ? 404 : 400]);
    }
    // An identity-hash CID would "store" its content in itself: refused, nothing to verify.
    const identity = "bafkqaaa";
    expect((await fetch(`${env.ipfs.gateway}/ipfs/${identity}`)).status).toBe(400);
  });

  it("a block file altered on disk is refused with CONTENT_CORRUPT, never served, and storing the content again repairs it", async () => {
    const text = "content that will be tampered with ".repeat(10);
    const victim = await stored(text);
    const file = blockFileOf(env.dataDir, victim);
    const original = await readFile(file);
    const altered = Buffer.from(original);
    altered.writeUInt8(altered.readUInt8(10) ^ 0xff, 10);
    await writeFile(file, altered);

    const { reply } = await ipfsGet(env.client, { cid: victim });
    expect(ipfsGetReply.parse(reply)).toMatchObject({ ok: false, code: "CONTENT_CORRUPT" });
    for (const url of [
      `${env.ipfs.gateway}/ipfs/${victim}`,
      `${env.ipfs.gateway}/ipfs/${victim}?format=raw`,
    ]) {
      const res = await fetch(url);
      expect(res.status).toBe(500);
      const body = (await res.json()) as { code: string };
      expect(body.code).toBe("CONTENT_CORRUPT");
      expect(JSON.stringify(body)).not.toContain(text.slice(0, 20));
    }

    await stored(text);
    expect(env.ipfs.logs.some((l) => l.event === "block_repaired" && l.cid === victim)).toBe(true);
    const res = await fetch(`${env.ipfs.gateway}/ipfs/${victim}`);
    expect(await res.text()).toBe(text);
  });

  it("counts hits and misses on /metrics and reports the blockstore in /readyz", async () => {
    const metrics = await (await fetch(`${env.ipfs.url}/metrics`)).text();
    expect(metrics).toMatch(/pod_ipfs_gets_total\{via="nats",outcome="hit"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/pod_ipfs_gets_total\{via="http",outcome="miss"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/pod_ipfs_blocks_added_total\{[^}]*\} [1-9]/);
    expect(metrics).toMatch(/pod_ipfs_bytes_added_total\{[^}]*\} [1-9]/);
    const ready = (await (await fetch(`${env.ipfs.url}/readyz`)).json()) as {
      ready: boolean;
      checks: { name: string; ok: boolean }[];
    };
    expect(ready.ready).toBe(true);
    expect(ready.checks.find((c) => c.name === "blockstore")).toMatchObject({ ok: true });
  });
});
