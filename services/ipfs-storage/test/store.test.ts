import { ensureTopology } from "@pod/bus";
import {
  contentHashOf,
  decodePayload,
  requestKeyOf,
  STREAMS,
  subjects,
  type ReadyPayloadOf,
} from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { describe, expect, it } from "vitest";
import {
  countsOf,
  DLQ,
  EVENTS,
  ipfsForTests,
  messageWithId,
  PIPELINE,
  publishStore,
  sendDirect,
  storePayload,
} from "./support.js";

const env = ipfsForTests({ IPFS_MAX_CONTENT_BYTES: "8192" });

async function readyOf(requestKey: string) {
  return waitFor(() =>
    messageWithId(
      env.client,
      PIPELINE,
      subjects.pipeline("ready", "send_direct"),
      `ready:${requestKey}`,
    ),
  );
}

describe("ipfs-storage on pod.pipeline.store", () => {
  it("stores content and publishes a ready record whose CID is CIDv1(raw, sha256(content)), then the stored event", async () => {
    const text = "a message too large to ride inline ".repeat(40);
    const request = sendDirect(text);
    const key = requestKeyOf(request);
    await publishStore(env.client, storePayload(request, "compressed"));

    const ready = decodePayload(
      "pipeline.ready",
      (await readyOf(key)).data,
    ) as ReadyPayloadOf<"send_direct">;
    const expected = CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode(text)));
    expect(ready.record.cid).toBe(expected.toString());
    expect(ready.record.cid).toMatch(/^bafkrei/);
    expect(ready).toMatchObject({
      op: "send_direct",
      storage: "compressed",
      requestId: request.id,
      record: { requestKey: key, contentHash: contentHashOf(request.body.content) },
    });
    expect(ready.record.compressedContent).toBeUndefined();

    const event = await waitFor(() =>
      messageWithId(env.client, EVENTS, subjects.event("content", "stored"), `stored:${key}`),
    );
    const stored = decodePayload("event.content.stored", event.data);
    expect(stored).toMatchObject({
      requestId: request.id,
      cid: expected.toString(),
      bytes: text.length,
    });
    // Acked only after both outputs: nothing is left for the consumer.
    await waitFor(async () => {
      const info = await env.client.jsm.consumers.info(PIPELINE, "ipfs-storage");
      return info.num_ack_pending === 0 && info.num_pending === 0;
    });
  });

  it("refuses content over IPFS_MAX_CONTENT_BYTES: dead-lettered at once with TOO_LARGE, nothing published", async () => {
    const request = sendDirect(new Uint8Array(9000).fill(0x61));
    const key = requestKeyOf(request);
    await publishStore(env.client, storePayload(request));

    const letter = await waitFor(async () => {
      const m = await env.client.jsm.streams
        .getMessage(DLQ, { last_by_subj: subjects.dlq("ipfs-storage") })
        .catch(() => undefined);
      return m?.header?.get("Pod-Dlq-Msg-Id") === `store:${key}` && m;
    });
    expect(letter.header?.get("Pod-Dlq-Code")).toBe("TOO_LARGE");
    expect(letter.header?.get("Pod-Dlq-Deliveries")).toBe("1");
    expect(letter.json<{ reason: string }>().reason).toMatch(/9000 bytes, limit 8192/);
    expect(
      await messageWithId(
        env.client,
        PIPELINE,
        subjects.pipeline("ready", "send_direct"),
        `ready:${key}`,
      ),
    ).toBeUndefined();
  });

  it("dead-letters a store payload that fails its schema with the schema's code", async () => {
    const request = sendDirect("schema check");
    const payload = { ...storePayload(request), contentHash: "00".repeat(32) };
    await publishStore(env.client, payload, "store:bad-hash");
    const letter = await waitFor(async () => {
      const m = await env.client.jsm.streams
        .getMessage(DLQ, { last_by_subj: subjects.dlq("ipfs-storage") })
        .catch(() => undefined);
      return m?.header?.get("Pod-Dlq-Msg-Id") === "store:bad-hash" && m;
    });
    expect(letter.header?.get("Pod-Dlq-Code")).toBe("SCHEMA_INVALID");
  });

  it("a redelivery after a failed output publishes nothing twice", async () => {
    // The events stream is gone: the ready record is stored, the event publish fails, the
    // input is nakked and comes back; by then the stream exists again.
    await env.client.jsm.streams.delete(STREAMS.events.name);
    const request = sendDirect("redelivered content ".repeat(30));
    const key = requestKeyOf(request);
    const before = await countsOf(env.client, PIPELINE);
    await publishStore(env.client, storePayload(request));

    await readyOf(key);
    await waitFor(() =>
      env.ipfs.logs.some(
        (l) => l.event === "message_retry_scheduled" && l.msg_id === `store:${key}`,
      ),
    );
    await ensureTopology(env.client.jsm);
    await waitFor(
      () => messageWithId(env.client, EVENTS, subjects.event("content", "stored"), `stored:${key}`),
      { timeoutMs: 15_000 },
    );
    await waitFor(() =>
      env.ipfs.logs.some(
        (l) => l.event === "message_handled" && l.msg_id === `store:${key}` && l.delivery === 2,
      ),
    );

    const after = await countsOf(env.client, PIPELINE);
    const readySubject = subjects.pipeline("ready", "send_direct");
    expect((after[readySubject] ?? 0) - (before[readySubject] ?? 0)).toBe(1);
    expect((await countsOf(env.client, EVENTS))[subjects.event("content", "stored")]).toBe(1);
    // The second attempt found the block and its pin: no new block was written.
    const metrics = await (await fetch(`${env.ipfs.url}/metrics`)).text();
    expect(metrics).toMatch(/pod_ipfs_contents_stored_total\{[^}]*new_block="false"[^}]*\} 1/);
  });
});
