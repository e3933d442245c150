import {
  channelId,
  generateKeypair,
  ingestVerdict,
  newRequestId,
  requestKeyOf,
  signInvite,
  subjects,
  type IngestVerdict,
  type RejectionCode,
  type SignedRequest,
} from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { describe, expect, it } from "vitest";
import {
  ACCEPTED_PREFIX,
  EVENTS,
  ingestForTests,
  messagesOf,
  PIPELINE,
  registerAgents,
  signed,
  submit,
  submitRaw,
} from "./support.js";

const MAX_TEXT = 1_000;
const BURST = 20;
const bed = ingestForTests({
  INGEST_MAX_TEXT_BYTES: String(MAX_TEXT),
  INGEST_RATE_PER_SEC: "1",
  INGEST_RATE_BURST: String(BURST),
  INGEST_MAX_CLOCK_SKEW_MS: "60000",
});

const alice = generateKeypair();
const bob = generateKeypair();

function message(text: string, overrides: { id?: string; ts?: number } = {}): SignedRequest {
  return signed(
    alice,
    "send_direct",
    { to: bob.address, content: { text }, contentType: "text/plain" },
    overrides,
  );
}

/** The request as JSON with `edit` applied after signing (the signature no longer matches). */
function tampered(request: SignedRequest, edit: (r: Record<string, unknown>) => void): string {
  const copy = structuredClone(request) as unknown as Record<string, unknown>;
  edit(copy);
  return JSON.stringify(copy);
}

function expectRejected(verdict: IngestVerdict, code: RejectionCode, field?: string) {
  expect(ingestVerdict.parse(verdict)).toEqual(verdict);
  expect(verdict.status, JSON.stringify(verdict)).toBe("rejected");
  if (verdict.status !== "rejected") return;
  expect(verdict.rejection.code).toBe(code);
  if (field !== undefined) expect(verdict.rejection.field).toBe(field);
}

describe("ingest refuses bad requests with their code", () => {
  it("ingest - the rejection corpus: each case its code, nothing in the pipeline, then a valid request flows", async () => {
    await registerAgents(bed.client, alice);
    const accepted = message("first");
    expect((await submit(bed.client, accepted)).status).toBe("accepted");
    const direct = subjects.ingest("send_direct");
    const body = JSON.stringify(message("hi"));

    const corpus: {
      name: string;
      run: () => Promise<IngestVerdict>;
      code: RejectionCode;
      field?: string;
    }[] = [
      {
        name: "malformed JSON",
        code: "MALFORMED_JSON",
        run: () => submitRaw(bed.client, direct, '{"v":1,'),
      },
      {
        name: "invalid UTF-8",
        code: "INVALID_UTF8",
        run: () =>
          submitRaw(bed.client, direct, Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
      },
      {
        name: "wrong type",
        code: "SCHEMA_INVALID",
        field: "ts",
        run: () =>
          submitRaw(
            bed.client,
            direct,
            tampered(message("x"), (r) => (r.ts = "yesterday")),
          ),
      },
      {
        name: "duplicate key",
        code: "SCHEMA_INVALID",
        run: () => submitRaw(bed.client, direct, body.replace('{"v":1,', '{"v":1,"v":1,')),
      },
      {
        name: "unsupported version",
        code: "UNSUPPORTED_VERSION",
        run: () =>
          submitRaw(
            bed.client,
            direct,
            tampered(message("x"), (r) => (r.v = 2)),
          ),
      },
      {
        name: "unknown operation in the subject",
        code: "SCHEMA_INVALID",
        field: "op",
        run: () => submitRaw(bed.client, "pod.ingest.teleport", body),
      },
      {
        name: "subject for another operation",
        code: "SCHEMA_INVALID",
        field: "op",
        run: () => submitRaw(bed.client, subjects.ingest("post_channel"), body),
      },
      {
        name: "oversized request",
        code: "TOO_LARGE",
        run: () => submitRaw(bed.client, direct, `{"pad":"${"x".repeat(140_000)}"}`),
      },
      {
        name: "content over INGEST_MAX_TEXT_BYTES",
        code: "TOO_LARGE",
        field: "body.content.text",
        run: () => submit(bed.client, message("é".repeat(MAX_TEXT / 2 + 1))),
      },
      {
        name: "control character in text",
        code: "TEXT_INVALID",
        field: "body.content.text",
        run: () =>
          submitRaw(
            bed.client,
            direct,
            tampered(
              message("x"),
              (r) => ((r.body as { content: { text: string } }).content.text = "a\u0007b"),
            ),
          ),
      },
      {
        name: "bad signature",
        code: "BAD_SIGNATURE",
        field: "sig",
        run: () =>
          submitRaw(
            bed.client,
            direct,
            tampered(
              message("x"),
              (r) => ((r.body as { content: { text: string } }).content.text = "y"),
            ),
          ),
      },
      {
        name: "expired invite",
        code: "INVITE_EXPIRED",
        run: () => {
          const channel = channelId("closed room");
          const invite = signInvite(channel, alice.address, Date.now() - 1, bob);
          return submit(bed.client, signed(alice, "join_channel", { channel, invite }));
        },
      },
      {
        // A new message id gets past the stream's dedup: ingest's replay bucket refuses it.
        name: "replayed id",
        code: "REPLAYED",
        run: () => submitRaw(bed.client, direct, JSON.stringify(accepted), newRequestId()),
      },
      {
        name: "stale timestamp",
        code: "STALE_TIMESTAMP",
        field: "ts",
        run: () => submit(bed.client, message("old", { ts: Date.now() - 120_000 })),
      },
      {
        name: "future timestamp",
        code: "STALE_TIMESTAMP",
        field: "ts",
        run: () => submit(bed.client, message("soon", { ts: Date.now() + 120_000 })),
      },
      {
        name: "unknown agent",
        code: "UNKNOWN_AGENT",
        run: () =>
          submit(
            bed.client,
            signed(generateKeypair(), "send_direct", {
              to: bob.address,
              content: { text: "who am I" },
              contentType: "text/plain",
            }),
          ),
      },
    ];

    const rejectedIds = new Set<string>();
    for (const c of corpus) {
      const verdict = await c.run();
      expectRejected(verdict, c.code, c.field);
      if (verdict.status === "rejected" && verdict.rejection.requestId) {
        rejectedIds.add(verdict.rejection.requestId);
      }
    }

    // The events stream holds one rejection per case, with the same codes in the same order.
    const events = await waitFor(async () => {
      const all = await messagesOf(bed.client, EVENTS, "pod.events.request.rejected");
      return all.length === corpus.length && all;
    });
    expect(events.map((e) => (e.data as { code: string }).code)).toEqual(corpus.map((c) => c.code));
    expect(events.every((e) => /^rejected:\d+$/.test(e.msgId ?? ""))).toBe(true);

    const after = message("still flowing");
    const verdict = await submit(bed.client, after);
    expect(verdict.status).toBe("accepted");

    // Only the two valid requests reached the pipeline.
    const pipeline = await messagesOf(bed.client, PIPELINE, ACCEPTED_PREFIX);
    expect(pipeline.map((m) => m.msgId)).toEqual([
      `accepted:${requestKeyOf(accepted)}`,
      `accepted:${requestKeyOf(after)}`,
    ]);
    expect([...rejectedIds].filter((id) => id === accepted.id || id === after.id)).toEqual([
      accepted.id, // only the replay of it
    ]);
  });

  it("ingest - a request refused after its replay claim may be sent again with the same id", async () => {
    const carol = generateKeypair();
    const request = signed(carol, "update_agent", { metadataUri: "https://c.example" });
    expectRejected(await submit(bed.client, request), "UNKNOWN_AGENT");
    await registerAgents(bed.client, carol);
    // Same id, same bytes, new message id: the first attempt's claim was released.
    const again = await submitRaw(
      bed.client,
      subjects.ingest("update_agent"),
      JSON.stringify(request),
      newRequestId(),
    );
    expect(again.status).toBe("accepted");
  });

  it("ingest - an agent over its rate is refused with RATE_LIMITED", async () => {
    const dave = generateKeypair();
    await registerAgents(bed.client, dave);
    const started = Date.now();
    const verdicts = await Promise.all(
      Array.from({ length: BURST + 10 }, (_, i) =>
        submit(
          bed.client,
          signed(dave, "send_direct", {
            to: bob.address,
            content: { text: `burst ${i}` },
            contentType: "text/plain",
          }),
        ),
      ),
    );
    const elapsedS = (Date.now() - started) / 1000;
    const accepted = verdicts.filter((v) => v.status === "accepted").length;
    const limited = verdicts.filter(
      (v) => v.status === "rejected" && v.rejection.code === "RATE_LIMITED",
    ).length;
    expect(accepted + limited).toBe(verdicts.length);
    expect(accepted).toBeGreaterThanOrEqual(BURST);
    expect(accepted).toBeLessThanOrEqual(BURST + Math.ceil(elapsedS) + 1);
    expect(limited).toBeGreaterThan(0);
  });
});
