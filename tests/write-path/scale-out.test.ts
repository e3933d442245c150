import { randomBytes } from "node:crypto";
import { commitmentOf, requestKeyOf, toBase64, type SignedRequest } from "@pod/protocol";
import { RejectedError, type PodClient } from "@pod/sdk";
import type { ServiceInstance } from "@pod/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { counterValue, metricsOf, startWritePath, type WritePath } from "./support/stack.js";

const AGENTS = 6;
const PER_AGENT = 10;
const RATE_BURST = 12;

let wp: WritePath;
let bob: PodClient;
/** Requests this file had accepted, registrations included (ingest and compression count them). */
let acceptedSoFar = 0;

beforeAll(async () => {
  wp = await startWritePath({
    services: { ingest: 2, compression: 2, "ipfs-storage": 1, "tx-bundler": 2 },
    env: { INGEST_RATE_PER_SEC: "1", INGEST_RATE_BURST: String(RATE_BURST) },
  });
  bob = await wp.registered();
  acceptedSoFar = 1;
}, 300_000);
afterAll(() => wp?.stop());

/** A counter of one instance, whether the exporter added `_total` or not. */
async function counter(instance: ServiceInstance, name: string, labels = ""): Promise<number> {
  const text = await metricsOf(instance.httpUrl);
  return counterValue(text, name, labels) + counterValue(text, `${name}_total`, labels);
}

function message(sender: PodClient, i: number): SignedRequest {
  const large = i % 4 === 0;
  return sender.sign("send_direct", {
    to: bob.agent,
    content: large
      ? { bytes: toBase64(new Uint8Array(randomBytes(1_200))) }
      : { text: `scale ${i}` },
    contentType: large ? "application/octet-stream" : "text/plain",
  });
}

async function exactlyOnce(senders: PodClient[], requests: SignedRequest[]) {
  const mine = new Set(senders.map((s) => s.agent));
  const onChain = (await wp.chain.appendedRecords()).filter((r) => mine.has(r.sender));
  const counts = new Map<string, number>();
  for (const r of onChain) counts.set(r.envelopeHash, (counts.get(r.envelopeHash) ?? 0) + 1);
  expect(onChain).toHaveLength(requests.length);
  for (const r of requests) expect(counts.get(commitmentOf(r)), r.id).toBe(1);
}

describe("two instances each of ingest, compression and tx-bundler", () => {
  it("scale - they share the work: every request lands once on chain and each instance did part of it", async () => {
    const senders = await Promise.all(Array.from({ length: AGENTS }, () => wp.registered()));
    acceptedSoFar += AGENTS;
    const requests = senders.flatMap((s) =>
      Array.from({ length: PER_AGENT }, (_, i) => message(s, i)),
    );
    const receipts = await Promise.all(
      requests.map((r, i) => senders[Math.floor(i / PER_AGENT)]!.submitSigned(r)),
    );
    acceptedSoFar += requests.length;
    expect(receipts.map((r) => r.requestKey)).toEqual(requests.map(requestKeyOf));
    const events = await Promise.all(
      receipts.map((r, i) => senders[Math.floor(i / PER_AGENT)]!.waitFor(r.requestKey)),
    );
    await exactlyOnce(senders, requests);
    // Each event's bundle size is the number of message records its transaction carries.
    for (const signature of new Set(events.map((e) => e.signature))) {
      const tx = await wp.chain.transaction(signature);
      const records = tx.pod.reduce(
        (n, ix) =>
          n +
          (ix.name === "append_compressed_messages" ? (ix.data.records as unknown[]).length : 1),
        0,
      );
      for (const e of events.filter((x) => x.signature === signature)) {
        expect(e.bundleSize, signature).toBe(records);
      }
    }

    const ingest = await Promise.all(
      wp.stack.instances("ingest").map((s) => counter(s, "pod_ingest_accepted")),
    );
    const compression = await Promise.all(
      wp.stack.instances("compression").map((s) => counter(s, "pod_compression_records")),
    );
    const bundler = await Promise.all(
      wp.stack.instances("tx-bundler").map((s) => counter(s, "pod_bundler_records_total")),
    );
    for (const [name, figures] of Object.entries({ ingest, compression, bundler })) {
      expect(
        figures.every((n) => n > 0),
        `${name} per instance: ${figures.join(", ")}`,
      ).toBe(true);
    }
    // Nothing done twice: the instances' counts add up to the requests, not more.
    expect(ingest.reduce((a, b) => a + b, 0)).toBe(acceptedSoFar);
    expect(compression.reduce((a, b) => a + b, 0)).toBe(acceptedSoFar);
  }, 240_000);

  it("scale - one agent's rate limit holds across both ingest instances", async () => {
    const dave = await wp.registered();
    const burst = Array.from({ length: RATE_BURST * 3 }, (_, i) => message(dave, i * 4 + 1));
    const started = Date.now();
    const outcomes = await Promise.all(
      burst.map((r) =>
        dave.submitSigned(r).then(
          () => "accepted" as const,
          (e: unknown) => e,
        ),
      ),
    );
    const elapsedS = (Date.now() - started) / 1000;
    const accepted = burst.filter((_, i) => outcomes[i] === "accepted");
    for (const error of outcomes.filter((o) => o !== "accepted")) {
      expect(error).toBeInstanceOf(RejectedError);
      expect((error as RejectedError).code).toBe("RATE_LIMITED");
    }
    // One bucket for both instances: the burst (less the registration) plus the refill.
    expect(accepted.length).toBeLessThanOrEqual(RATE_BURST - 1 + Math.ceil(elapsedS) + 1);
    expect(accepted.length).toBeGreaterThan(0);
    const handledBy = await Promise.all(
      wp.stack.instances("ingest").map((s) => counter(s, "pod_ingest_rejected")),
    );
    expect(
      handledBy.every((n) => n > 0),
      `rejections per ingest instance: ${handledBy.join(", ")}`,
    ).toBe(true);
    await Promise.all(accepted.map((r) => dave.waitFor(requestKeyOf(r))));
    await exactlyOnce([dave], accepted);
  }, 180_000);
});
