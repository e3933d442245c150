import {
  commitmentOf,
  generateKeypair,
  newRequestId,
  PROTOCOL_VERSION,
  requestKeyOf,
  signRequest,
  subjects,
  utf8Bytes,
  type IngestVerdict,
  type Operation,
  type RejectionCode,
} from "@pod/protocol";
import { RejectedError, type PodClient } from "@pod/sdk";
import { waitFor } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lastSeq, startWritePath, storedOn, type WritePath } from "./support/stack.js";

const RATE_BURST = 4;
const MAX_TEXT_BYTES = 4_096;

let wp: WritePath;
let alice: PodClient;
let bob: PodClient;
beforeAll(async () => {
  wp = await startWritePath({
    env: {
      INGEST_RATE_PER_SEC: "1",
      INGEST_RATE_BURST: String(RATE_BURST),
      INGEST_MAX_TEXT_BYTES: String(MAX_TEXT_BYTES),
    },
  });
  [alice, bob] = await Promise.all([wp.registered(), wp.registered()]);
}, 240_000);
afterAll(() => wp?.stop());

const json = (value: unknown) => utf8Bytes(JSON.stringify(value));

/** One malformed or refused request: what is published where, and the code it must get. */
interface Case {
  name: string;
  code: RejectionCode;
  field?: string;
  op: Operation;
  bytes: () => Uint8Array;
  msgId?: string;
}

function corpus(): Case[] {
  const message = () => ({
    to: bob.agent,
    content: { text: "hi bob" },
    contentType: "text/plain",
  });
  const stranger = generateKeypair();
  const replayed = alice.sign("send_direct", { ...message(), content: { text: "said once" } });
  const cases: Case[] = [
    {
      name: "malformed JSON",
      code: "MALFORMED_JSON",
      op: "send_direct",
      bytes: () => utf8Bytes('{"v":1,"id":'),
    },
    {
      name: "wrong types",
      code: "SCHEMA_INVALID",
      field: "id",
      op: "send_direct",
      bytes: () => json({ ...alice.sign("send_direct", message()), id: 12345 }),
    },
    {
      name: "an operation other than the subject's",
      code: "SCHEMA_INVALID",
      field: "op",
      op: "post_channel",
      bytes: () => json(alice.sign("send_direct", message())),
    },
    {
      name: "oversized request",
      code: "TOO_LARGE",
      op: "send_direct",
      bytes: () => json({ pad: "x".repeat(130 * 1024) }),
    },
    {
      name: "text over the configured limit",
      code: "TOO_LARGE",
      field: "body.content.text",
      op: "send_direct",
      bytes: () =>
        json(
          alice.sign("send_direct", {
            ...message(),
            content: { text: "y".repeat(MAX_TEXT_BYTES + 1) },
          }),
        ),
    },
    {
      name: "invalid UTF-8",
      code: "INVALID_UTF8",
      op: "send_direct",
      bytes: () => new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    },
    {
      name: "a control character in the text",
      code: "TEXT_INVALID",
      op: "send_direct",
      bytes: () => {
        const signed = alice.sign("send_direct", message());
        return json({ ...signed, body: { ...signed.body, content: { text: "bell \u0007" } } });
      },
    },
    {
      name: "bad signature",
      code: "BAD_SIGNATURE",
      field: "sig",
      op: "send_direct",
      bytes: () => {
        const signed = alice.sign("send_direct", message());
        return json({
          ...signed,
          body: { ...signed.body, content: { text: "not what alice signed" } },
        });
      },
    },
    {
      // The same request again under another message id, so JetStream's dedup cannot hide it.
      name: "replayed id",
      code: "REPLAYED",
      op: "send_direct",
      bytes: () => json(replayed),
      msgId: "replayed-copy",
    },
    {
      name: "stale timestamp",
      code: "STALE_TIMESTAMP",
      field: "ts",
      op: "send_direct",
      bytes: () => json(alice.sign("send_direct", message(), { ts: Date.now() - 10 * 60_000 })),
    },
    {
      name: "unknown agent",
      code: "UNKNOWN_AGENT",
      op: "send_direct",
      bytes: () =>
        json(
          signRequest(
            {
              v: PROTOCOL_VERSION,
              id: newRequestId(),
              op: "send_direct",
              ts: Date.now(),
              body: message(),
            },
            stranger,
          ),
        ),
    },
    {
      name: "unsupported version",
      code: "UNSUPPORTED_VERSION",
      op: "send_direct",
      bytes: () => json({ ...alice.sign("send_direct", message()), v: 2 }),
    },
  ];
  return cases;
}

describe("the rejection corpus", () => {
  it("rejections - each malformed or refused request gets its code; nothing reaches the pipeline or the chain, and the stream still flows", async () => {
    const cases = corpus();
    // The replay case needs its original accepted first.
    const replayCase = cases.find((c) => c.code === "REPLAYED")!;
    const original = JSON.parse(new TextDecoder().decode(replayCase.bytes())) as Parameters<
      PodClient["submitSigned"]
    >[0];
    await alice.waitFor((await alice.submitSigned(original)).requestKey);

    const before = {
      pipeline: await lastSeq(wp.bus, "pipeline"),
      accepted: await storedOn(wp.bus, "events", subjects.event("request", "accepted")),
      rejected: await storedOn(wp.bus, "events", subjects.event("request", "rejected")),
      records: await storedOn(wp.bus, "events", subjects.event("record", ">")),
      chain: await wp.chain.transactionCount(),
    };

    const verdicts: [Case, IngestVerdict][] = [];
    for (const c of cases) {
      verdicts.push([
        c,
        await alice.publishRaw(subjects.ingest(c.op), c.bytes(), { msgId: c.msgId }),
      ]);
    }
    for (const [c, verdict] of verdicts) {
      expect(verdict.status, c.name).toBe("rejected");
      if (verdict.status !== "rejected") continue;
      expect(verdict.rejection.code, c.name).toBe(c.code);
      if (c.field) expect(verdict.rejection.field, c.name).toBe(c.field);
    }

    // Every refusal is an event; nothing else was written anywhere.
    await waitFor(
      async () =>
        (await storedOn(wp.bus, "events", subjects.event("request", "rejected"))) ===
        before.rejected + cases.length,
    );
    // Long enough for a wrongly accepted request to have reached the chain.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await lastSeq(wp.bus, "pipeline")).toBe(before.pipeline);
    expect(await storedOn(wp.bus, "events", subjects.event("request", "accepted"))).toBe(
      before.accepted,
    );
    expect(await storedOn(wp.bus, "events", subjects.event("record", ">"))).toBe(before.records);
    expect(await wp.chain.transactionCount()).toBe(before.chain);
    expect(await lastSeq(wp.bus, "dlq")).toBe(0);

    // The stream still flows: a good request right behind the corpus lands.
    const request = alice.sign("send_direct", {
      to: bob.agent,
      content: { text: "still here" },
      contentType: "text/plain",
    });
    const event = await alice.waitFor((await alice.submitSigned(request)).requestKey);
    const tx = await wp.chain.transaction(event.signature);
    const hashes = tx.pod.flatMap((ix) =>
      ix.name === "append_compressed_messages"
        ? (ix.data.records as { envelope_hash: number[] }[]).map((r) =>
            Buffer.from(r.envelope_hash).toString("hex"),
          )
        : [],
    );
    expect(hashes).toContain(commitmentOf(request));
    const consumer = await wp.bus.jsm.consumers.info("POD_REQUESTS", "ingest");
    expect(consumer.num_pending + consumer.num_ack_pending).toBe(0);
  }, 120_000);

  it("rejections - over the rate limit: RATE_LIMITED for the excess, exactly the accepted ones on chain", async () => {
    const dave = await wp.registered();
    const sent = Array.from({ length: RATE_BURST * 3 }, (_, i) =>
      dave.sign("send_direct", {
        to: bob.agent,
        content: { text: `burst ${i}` },
        contentType: "text/plain",
      }),
    );
    const started = Date.now();
    const outcomes = await Promise.all(
      sent.map((r) =>
        dave.submitSigned(r).then(
          () => "accepted" as const,
          (e: unknown) => e,
        ),
      ),
    );
    const elapsedS = (Date.now() - started) / 1000;
    const accepted = sent.filter((_, i) => outcomes[i] === "accepted");
    const refused = outcomes.filter((o) => o !== "accepted");
    for (const error of refused) {
      expect(error).toBeInstanceOf(RejectedError);
      expect((error as RejectedError).code).toBe("RATE_LIMITED");
    }
    // The bucket held: at most its burst (less the registration) plus what it refilled.
    expect(accepted.length).toBeLessThanOrEqual(RATE_BURST + Math.ceil(elapsedS) + 1);
    expect(refused.length).toBeGreaterThan(0);

    await Promise.all(accepted.map((r) => dave.waitFor(requestKeyOf(r))));
    const onChain = (await wp.chain.appendedRecords()).filter((r) => r.sender === dave.agent);
    expect(onChain.map((r) => r.envelopeHash).sort()).toEqual(
      accepted.map((r) => commitmentOf(r)).sort(),
    );

    // After a pause the bucket has refilled and the agent is served again.
    await new Promise((r) => setTimeout(r, 2_000));
    await expect(
      dave.submit("send_direct", {
        to: bob.agent,
        content: { text: "after the pause" },
        contentType: "text/plain",
      }),
    ).resolves.toMatchObject({ requestId: expect.any(String) });
  }, 120_000);
});
