import { publish } from "@pod/bus";
import {
  commitmentOf,
  contentBytesOf,
  fromBase64,
  inlineContentOf,
  OPERATIONS,
  parsePayload,
  requestKeyOf,
  subjects,
  toBase64,
  utf8Bytes,
  type Operation,
  type SignedRequest,
  type StorageClass,
} from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { describe, expect, it } from "vitest";
import {
  accepted,
  channelMessage,
  directMessage,
  noise,
  prose,
  requestOf,
} from "./support/requests.js";
import {
  compressionForTests,
  deadLetters,
  metric,
  pipelineCounts,
  publishAccepted,
  waitForMessage,
} from "./support/pipeline.js";

const env = compressionForTests();

async function readyFor(request: SignedRequest) {
  const m = await waitForMessage(
    env.client,
    subjects.pipeline("ready", request.op),
    `ready:${requestKeyOf(request)}`,
  );
  return parsePayload("pipeline.ready", m.json());
}

/** The class each operation gets with the default configuration (see requestOf). */
const EXPECTED: Record<Operation, StorageClass> = {
  register_agent: "direct",
  register_agents: "direct",
  update_agent: "direct",
  create_channel: "direct",
  join_channel: "direct",
  leave_channel: "direct",
  send_direct: "direct", // it expires
  post_channel: "inline",
  mark_message: "direct",
};

describe("compression service", () => {
  it("ops - every operation gets its ready payload: schema-valid, right class, the request's commitment, content that decodes back", async () => {
    const requests = OPERATIONS.map((op) => requestOf(op));
    for (const request of requests) await publishAccepted(env.client, request);
    for (const request of requests) {
      const ready = await readyFor(request);
      expect(ready.op).toBe(request.op);
      expect(ready.requestId).toBe(request.id);
      expect(ready.storage, request.op).toBe(EXPECTED[request.op]);
      expect(ready.commitment).toBe(commitmentOf(request));
      if (request.op === "send_direct" || request.op === "post_channel") {
        if (ready.op !== "send_direct" && ready.op !== "post_channel") throw new Error("op");
        const original = contentBytesOf(request.body.content);
        expect(inlineContentOf(ready.record)).toEqual(original);
        expect(ready.sizes.contentBytes).toBe(original.length);
      } else {
        expect(ready.sizes.contentBytes).toBe(0);
      }
    }
  });

  it("inline - compressible content rides inline as brotli and decodes to the original bytes", async () => {
    const text = prose(4_000);
    const lasting = directMessage({ text }, { expiring: false });
    await publishAccepted(env.client, lasting);
    const ready = await readyFor(lasting);
    expect(ready.storage).toBe("inline");
    if (ready.op !== "send_direct") throw new Error("op");
    expect(ready.record.contentEncoding).toBe("br");
    expect(ready.record.compressedContent!.length).toBeLessThanOrEqual(320);
    expect(inlineContentOf(ready.record)).toEqual(utf8Bytes(text));
  });

  it("store - content above the inline limit goes to pod.pipeline.store.<op> with its record class, not to ready", async () => {
    const big = [
      directMessage({ bytes: toBase64(noise(4_000)) }),
      channelMessage({ text: prose(600) + toBase64(noise(900)) }),
    ];
    const before = await pipelineCounts(env.client);
    for (const request of big) await publishAccepted(env.client, request);
    for (const [request, storage] of [
      [big[0]!, "direct"],
      [big[1]!, "compressed"],
    ] as const) {
      const m = await waitForMessage(
        env.client,
        subjects.pipeline("store", request.op),
        `store:${requestKeyOf(request)}`,
      );
      const store = parsePayload("pipeline.store", m.json());
      expect(store.storage).toBe(storage);
      expect(store.request).toEqual(request);
      if (request.op !== "send_direct" && request.op !== "post_channel") throw new Error("op");
      expect(fromBase64(store.content)).toEqual(contentBytesOf(request.body.content));
    }
    const after = await pipelineCounts(env.client);
    for (const op of ["send_direct", "post_channel"] as const) {
      const ready = subjects.pipeline("ready", op);
      expect(after[ready] ?? 0, ready).toBe(before[ready] ?? 0);
    }
  });

  it("dlq - corrupt payloads go to the DLQ with their reason and code; the next one flows", async () => {
    const subject = subjects.pipeline("accepted", "send_direct");
    await publish(env.client, subject, new TextEncoder().encode("{not json"), { msgId: "bad-1" });
    await publish(
      env.client,
      subject,
      { v: 1, requestId: "no-request-here-0001" },
      { msgId: "bad-2" },
    );
    const wrongOp = requestOf("post_channel");
    await publishAccepted(env.client, wrongOp, "send_direct");
    const good = requestOf("send_direct");
    await publishAccepted(env.client, good);

    expect((await readyFor(good)).requestId).toBe(good.id);
    const parked = await waitFor(async () => {
      const all = await deadLetters(env.client);
      return all.length >= 3 && all;
    });
    expect(parked.map((m) => m.header?.get("Pod-Dlq-Code"))).toEqual([
      "ACCEPTED_PAYLOAD_INVALID",
      "ACCEPTED_PAYLOAD_INVALID",
      "OPERATION_MISMATCH",
    ]);
    const records = parked.map((m) =>
      m.json<{ reason: string; msgId: string; deliveries: number }>(),
    );
    expect(records[0]!.reason).toMatch(/MALFORMED_JSON/);
    expect(records[1]!.reason).toMatch(/SCHEMA_INVALID: receivedAt/);
    expect(records[2]!.reason).toMatch(/is a post_channel/);
    expect(records.map((r) => r.msgId)).toEqual([
      "bad-1",
      "bad-2",
      `accepted:${requestKeyOf(wrongOp)}`,
    ]);
    // Dead-lettered on the first delivery: retrying cannot fix the bytes.
    expect(records.map((r) => r.deliveries)).toEqual([1, 1, 1]);
  });

  it("metrics - records by class, content bytes in and out, and the compression ratio", async () => {
    const labels = { op: "post_channel", route: "ready", storage: "inline" };
    const records = () => metric(env.url, "pod_compression_records_total", labels);
    const bytesIn = () =>
      metric(env.url, "pod_compression_content_bytes_total", { direction: "in", route: "ready" });
    const bytesOut = () =>
      metric(env.url, "pod_compression_content_bytes_total", { direction: "out", route: "ready" });
    const brCount = () => metric(env.url, "pod_compression_ratio_count", { encoding: "br" });
    const [r0, in0, out0, br0] = [
      await records(),
      await bytesIn(),
      await bytesOut(),
      await brCount(),
    ];

    const message = channelMessage({ text: prose(3_000) });
    await publishAccepted(env.client, message);
    const ready = await readyFor(message);
    if (ready.op !== "post_channel") throw new Error("op");

    await waitFor(async () => (await records()) === r0 + 1);
    expect(await bytesIn()).toBe(in0 + 3_000);
    expect(await bytesOut()).toBe(out0 + ready.sizes.inlineBytes);
    expect(await brCount()).toBe(br0 + 1);
    expect(ready.sizes.inlineBytes).toBeLessThan(3_000 / 4);
  });
});

// The payload the test publishes by hand must be what ingest publishes.
it("support - accepted() builds a schema-valid AcceptedPayload", () => {
  expect(() => parsePayload("pipeline.accepted", accepted(requestOf("send_direct")))).not.toThrow();
});
