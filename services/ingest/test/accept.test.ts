import { generateKeypair, requestKeyOf, subjects } from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { describe, expect, it } from "vitest";
import {
  ACCEPTED_PREFIX,
  EVENTS,
  ingestForTests,
  messagesOf,
  PIPELINE,
  registerAgents,
  requestOfEveryOp,
  submit,
} from "./support.js";

const bed = ingestForTests();

describe("ingest accepts valid requests", () => {
  it("ingest - a valid request of every operation is accepted: payload, event and receipt", async () => {
    const agent = generateKeypair();
    await registerAgents(bed.client, agent);
    const requests = requestOfEveryOp(agent);
    expect(new Set(requests.map((r) => r.op)).size).toBe(9);

    for (const request of requests) {
      const verdict = await submit(bed.client, request);
      expect(verdict, request.op).toMatchObject({ status: "accepted" });
      if (verdict.status !== "accepted") continue;
      expect(verdict.receipt).toMatchObject({
        requestId: request.id,
        requestKey: requestKeyOf(request),
        stream: PIPELINE,
      });
      expect(verdict.receipt.seq).toBeGreaterThan(0);
    }

    const accepted = await messagesOf(bed.client, PIPELINE, ACCEPTED_PREFIX);
    expect(accepted.map((m) => m.subject)).toEqual(
      requests.map((r) => subjects.pipeline("accepted", r.op)),
    );
    accepted.forEach((m, i) => {
      const request = requests[i]!;
      expect(m.msgId).toBe(`accepted:${requestKeyOf(request)}`);
      expect(m.data).toMatchObject({ v: 1, requestId: request.id, request });
    });

    const events = await waitFor(async () => {
      const all = await messagesOf(bed.client, EVENTS, "pod.events.request.accepted");
      return all.length === requests.length && all;
    });
    expect(events.map((e) => (e.data as { requestId: string }).requestId)).toEqual(
      requests.map((r) => r.id),
    );
  });
});
