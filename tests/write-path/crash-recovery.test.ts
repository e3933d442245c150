import { randomBytes } from "node:crypto";
import {
  commitmentOf,
  requestKeyOf,
  subjects,
  toBase64,
  type Receipt,
  type SignedRequest,
} from "@pod/protocol";
import type { PodClient } from "@pod/sdk";
import { waitFor } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWritePath, storedOn, WRITE_PATH, type WritePath } from "./support/stack.js";

const BATCH = 30;
/** Every third message is too large to ride inline, so it goes through ipfs-storage. */
const LARGE_EVERY = 3;

let wp: WritePath;
let bob: PodClient;
beforeAll(async () => {
  wp = await startWritePath();
  bob = await wp.registered();
}, 240_000);
afterAll(() => wp?.stop());

function batch(sender: PodClient): SignedRequest[] {
  return Array.from({ length: BATCH }, (_, i) =>
    sender.sign("send_direct", {
      to: bob.agent,
      content:
        i % LARGE_EVERY === 0
          ? { bytes: toBase64(new Uint8Array(randomBytes(1_500))) }
          : { text: `crash batch message ${i}` },
      contentType: i % LARGE_EVERY === 0 ? "application/octet-stream" : "text/plain",
    }),
  );
}

/** How far the victim got: the output it publishes, counted in the streams. */
const progress: Record<(typeof WRITE_PATH)[number], () => Promise<number>> = {
  ingest: () => storedOn(wp.bus, "events", subjects.event("request", "accepted")),
  compression: async () =>
    (await wp.bus.jsm.consumers.info("POD_PIPELINE", "compression")).delivered.consumer_seq,
  "ipfs-storage": () => storedOn(wp.bus, "events", subjects.event("content", "stored")),
  "tx-bundler": () => storedOn(wp.bus, "events", subjects.event("record", "confirmed")),
};

/** Between two submissions of a batch: 30 requests over about a second. */
const PACE_MS = 30;

describe("each write-path service SIGKILLed mid-batch and restarted", () => {
  for (const victim of WRITE_PATH) {
    it(`crash - ${victim}: every accepted request lands on chain exactly once`, async () => {
      const sender = await wp.registered();
      const requests = batch(sender);
      const service = wp.stack.service(victim);
      const start = await progress[victim]();

      // Paced, so that the victim cannot finish the batch between the two looks below.
      const receipts: Promise<Receipt>[] = [];
      const submitting = (async () => {
        for (const r of requests) {
          receipts.push(sender.submitSigned(r));
          await new Promise((done) => setTimeout(done, PACE_MS));
        }
      })();
      // Mid-batch: the victim has done part of the work, not all of it.
      await waitFor(async () => (await progress[victim]()) >= start + 3, {
        timeoutMs: 60_000,
        intervalMs: 10,
      });
      await service.kill("SIGKILL");
      const doneAtKill = (await progress[victim]()) - start;
      await service.restart();

      await submitting;
      const accepted: Receipt[] = await Promise.all(receipts);
      expect(accepted.map((r) => r.requestKey)).toEqual(requests.map(requestKeyOf));
      await Promise.all(accepted.map((r) => sender.waitFor(r.requestKey)));

      const onChain = (await wp.chain.appendedRecords()).filter((r) => r.sender === sender.agent);
      const counts = new Map<string, number>();
      for (const r of onChain) counts.set(r.envelopeHash, (counts.get(r.envelopeHash) ?? 0) + 1);
      for (const request of requests) {
        expect(counts.get(commitmentOf(request)), `${request.id} on chain`).toBe(1);
      }
      expect(onChain).toHaveLength(BATCH);
      // Recorded for the report: the kill really came mid-batch.
      expect(doneAtKill, `${victim} had done ${doneAtKill} of ${BATCH}`).toBeLessThan(
        victim === "ipfs-storage" ? BATCH / LARGE_EVERY : BATCH,
      );
    }, 180_000);
  }
});
