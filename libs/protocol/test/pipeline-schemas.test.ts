import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  ContentCorruptError,
  ContentHashMismatchError,
  ContentRequiredError,
  MAX_CONTENT_BYTES,
  OPERATIONS,
  PodError,
  buildReady,
  contentBytesOf,
  contentHashOf,
  envelopeFromRecord,
  inlineContentOf,
  parsePayload,
  requestKeyOf,
  toBase64,
  verifyRequest,
  type PayloadSchemaName,
  type RequestOf,
} from "../src/index.js";
import { alice, bob, exampleRequest, T0 } from "./examples.js";

const CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
const TX_SIG = exampleRequest("update_agent").sig;

function codeAndField(name: PayloadSchemaName, value: unknown): [string, unknown] {
  try {
    parsePayload(name, value);
  } catch (error) {
    if (error instanceof PodError) return [error.code, error.details["field"]];
    throw error;
  }
  throw new Error(`${name} accepted the value`);
}

const direct = exampleRequest("send_direct") as RequestOf<"send_direct">;
const directReady = buildReady(direct, "compressed", {
  compressedContent: toBase64(new TextEncoder().encode("hi")),
  contentEncoding: "identity",
});
const delivered = (at: number) => ({
  v: 1,
  requestId: direct.id,
  requestKey: requestKeyOf(direct),
  op: "send_direct",
  agent: bob.address,
  transport: "ws",
  confirmedAt: T0,
  at,
});
const post = exampleRequest("post_channel") as RequestOf<"post_channel">;

/** A valid example and a broken copy of every payload other than ready records. */
const cases: {
  name: PayloadSchemaName;
  valid: Record<string, unknown>;
  bad: Record<string, unknown>;
  field: string;
}[] = [
  {
    name: "pipeline.accepted",
    valid: { v: 1, requestId: direct.id, receivedAt: T0 + 5, request: direct },
    bad: { v: 1, requestId: post.id, receivedAt: T0 + 5, request: direct },
    field: "requestId",
  },
  {
    name: "pipeline.store",
    valid: {
      v: 1,
      requestId: post.id,
      request: post,
      storage: "compressed",
      content: toBase64(contentBytesOf(post.body.content)),
      contentHash: contentHashOf(post.body.content),
    },
    bad: {
      v: 1,
      requestId: post.id,
      request: post,
      storage: "compressed",
      content: toBase64(new Uint8Array([9])),
      contentHash: contentHashOf(post.body.content),
    },
    field: "contentHash",
  },
  {
    name: "event.request.accepted",
    valid: { v: 1, requestId: direct.id, op: "send_direct", agent: alice.address, at: T0 },
    bad: { v: 1, requestId: direct.id, op: "send", agent: alice.address, at: T0 },
    field: "op",
  },
  {
    name: "event.request.rejected",
    valid: { v: 1, code: "MALFORMED_JSON", reason: "request is not valid JSON", at: T0 },
    bad: { v: 1, code: "NOT_A_CODE", reason: "x", at: T0 },
    field: "code",
  },
  {
    name: "event.content.stored",
    valid: { v: 1, requestId: post.id, cid: CID, bytes: 4, at: T0 },
    bad: { v: 1, requestId: post.id, cid: CID, bytes: -1, at: T0 },
    field: "bytes",
  },
  {
    name: "event.record.confirmed",
    valid: {
      v: 1,
      requestId: direct.id,
      op: "send_direct",
      agent: alice.address,
      requestKey: requestKeyOf(direct),
      storage: "compressed",
      commitment: directReady.commitment,
      record: directReady.record,
      signature: TX_SIG,
      slot: 12,
      computeUnits: 21_000,
      feeLamports: 5000,
      lamportsPerMessage: 500.5,
      bundleSize: 10,
      at: T0,
    },
    bad: {
      v: 1,
      requestId: direct.id,
      op: "send_direct",
      agent: alice.address,
      requestKey: requestKeyOf(direct),
      storage: "compressed",
      commitment: directReady.commitment,
      record: directReady.record,
      signature: "abc",
      slot: 12,
      computeUnits: 21_000,
      feeLamports: 5000,
      lamportsPerMessage: 500,
      bundleSize: 10,
      at: T0,
    },
    field: "signature",
  },
  {
    name: "event.record.failed",
    valid: {
      v: 1,
      requestId: direct.id,
      op: "send_direct",
      agent: alice.address,
      requestKey: requestKeyOf(direct),
      code: "TX_EXPIRED",
      reason: "r",
      at: T0,
    },
    bad: {
      v: 1,
      requestId: direct.id,
      op: "send_direct",
      agent: alice.address,
      requestKey: requestKeyOf(direct),
      code: "tx expired",
      reason: "r",
      at: T0,
    },
    field: "code",
  },
  {
    name: "event.message.delivered",
    valid: delivered(T0),
    bad: delivered(1.5),
    field: "at",
  },
  {
    name: "dlq",
    valid: {
      v: 1,
      service: "compression",
      subject: "pod.pipeline.accepted.send_direct",
      reason: "payload failed its schema",
      code: "SCHEMA_INVALID",
      deliveries: 5,
      at: T0,
      msgId: "accepted:abc",
      stream: "POD_PIPELINE",
      streamSequence: 42,
      data: toBase64(new Uint8Array([0xff, 0x00])),
    },
    bad: {
      v: 1,
      service: "janitor",
      subject: "pod.pipeline.accepted.send_direct",
      reason: "x",
      code: "SCHEMA_INVALID",
      deliveries: 5,
      at: T0,
      data: "",
    },
    field: "service",
  },
  {
    name: "receipt",
    valid: {
      requestId: direct.id,
      requestKey: requestKeyOf(direct),
      acceptedAt: T0,
      stream: "POD_REQUESTS",
      seq: 42,
    },
    bad: {
      requestId: direct.id,
      requestKey: requestKeyOf(direct),
      acceptedAt: T0,
      stream: "POD_REQUESTS",
      seq: 0,
    },
    field: "seq",
  },
];

describe("pipeline schemas", () => {
  for (const c of cases) {
    it(`pipeline schemas - ${c.name} accepts a valid example`, () => {
      expect(parsePayload(c.name, c.valid)).toEqual(c.valid);
    });

    it(`pipeline schemas - ${c.name} rejects a bad one at ${c.field}`, () => {
      expect(codeAndField(c.name, c.bad)).toEqual(["SCHEMA_INVALID", c.field]);
    });

    it(`pipeline schemas - ${c.name} rejects unknown keys`, () => {
      expect(codeAndField(c.name, { ...c.valid, extra: 1 })).toEqual(["SCHEMA_INVALID", ""]);
    });
  }

  it("pipeline schemas - store refuses a request without content", () => {
    const request = exampleRequest("create_channel");
    const value = {
      v: 1,
      requestId: request.id,
      request,
      storage: "compressed",
      content: "",
      contentHash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    };
    expect(codeAndField("pipeline.store", value)).toEqual(["SCHEMA_INVALID", "request.op"]);
  });

  for (const op of OPERATIONS) {
    it(`pipeline schemas - the ready record of ${op} rebuilds its verifiable request`, () => {
      const request = exampleRequest(op);
      const message = op === "send_direct" || op === "post_channel";
      const ready = message
        ? buildReady(request, "compressed", { cid: CID })
        : buildReady(request, "direct");
      expect(ready.record.requestKey).toBe(requestKeyOf(request));
      const content = message
        ? contentBytesOf((request as RequestOf<"send_direct">).body.content)
        : undefined;
      const rebuilt = envelopeFromRecord(ready, content);
      expect(rebuilt).toEqual(request);
      expect(() => verifyRequest(rebuilt)).not.toThrow();
    });
  }

  it("pipeline schemas - a ready record with deflated inline content rebuilds its request", () => {
    const raw = contentBytesOf(direct.body.content);
    const ready = buildReady(direct, "inline", {
      compressedContent: toBase64(deflateRawSync(raw)),
      contentEncoding: "deflate-raw",
    });
    expect(ready.sizes.contentBytes).toBe(raw.length);
    expect(ready.sizes.inlineBytes).toBeGreaterThan(0);
    expect(envelopeFromRecord(ready)).toEqual(direct);
  });

  it("pipeline schemas - a message record needs exactly one of cid and compressedContent", () => {
    const ready = buildReady(direct, "direct", { cid: CID });
    const both = {
      ...ready,
      record: { ...ready.record, compressedContent: "AA==", contentEncoding: "identity" },
    };
    expect(codeAndField("pipeline.ready", both)).toEqual(["SCHEMA_INVALID", "record.cid"]);
  });

  it("pipeline schemas - a non-message record must land as a direct account", () => {
    const ready = buildReady(exampleRequest("create_channel"), "direct");
    expect(codeAndField("pipeline.ready", { ...ready, storage: "compressed" })).toEqual([
      "SCHEMA_INVALID",
      "storage",
    ]);
  });

  it("pipeline schemas - a ready requestId must match its record", () => {
    const ready = buildReady(exampleRequest("update_agent"), "direct");
    expect(codeAndField("pipeline.ready", { ...ready, requestId: "some-other-request" })).toEqual([
      "SCHEMA_INVALID",
      "requestId",
    ]);
  });
});

describe("record content", () => {
  const ready = buildReady(direct, "compressed", { cid: CID });

  it("record content - an IPFS record rebuilt without its bytes is ContentRequiredError", () => {
    expect(() => envelopeFromRecord(ready)).toThrow(ContentRequiredError);
  });

  it("record content - bytes that do not match contentHash give ContentHashMismatchError", () => {
    expect(() => envelopeFromRecord(ready, new Uint8Array([1, 2, 3]))).toThrow(
      ContentHashMismatchError,
    );
  });

  it("record content - a deflate stream inflating past the limit is ContentCorruptError", () => {
    const bomb = toBase64(deflateRawSync(new Uint8Array(MAX_CONTENT_BYTES + 1)));
    expect(() =>
      inlineContentOf({ compressedContent: bomb, contentEncoding: "deflate-raw" }),
    ).toThrow(ContentCorruptError);
  });
});
