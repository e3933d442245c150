import { Kvm } from "@nats-io/kv";
import { generateKeypair, KV_BUCKETS, requestKeyOf, type SignedRequest } from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { describe, expect, it } from "vitest";
import { confirmRegistration, ingestForTests, signed, submit } from "./support.js";

const bed = ingestForTests();

function note(from: ReturnType<typeof generateKeypair>): SignedRequest {
  return signed(from, "update_agent", { metadataUri: "https://agent.example/card" });
}

describe("the agent directory", () => {
  it("ingest - the agent directory learns agents from confirmed registration events", async () => {
    const first = generateKeypair();
    const second = generateKeypair();
    const before = await submit(bed.client, note(second));
    expect(before).toMatchObject({ status: "rejected", rejection: { code: "UNKNOWN_AGENT" } });

    await confirmRegistration(bed.client, [first.address, second.address]);

    const kv = await new Kvm(bed.client.js).open(KV_BUCKETS.agents);
    const entry = await waitFor(async () => {
      const e = await kv.get(second.address);
      return e?.operation === "PUT" && e;
    });
    expect(entry.json()).toMatchObject({ slot: 7 });
    for (const agent of [first, second]) {
      const request = note(agent);
      const verdict = await submit(bed.client, request);
      expect(verdict).toMatchObject({
        status: "accepted",
        receipt: { requestKey: requestKeyOf(request) },
      });
    }
  });

  it("ingest - a confirmed event without registrations adds nobody", async () => {
    const stranger = generateKeypair();
    const known = generateKeypair();
    // A confirmed message names its sender as `agent`, but registers no one.
    await confirmRegistration(bed.client, [], stranger.address);
    await confirmRegistration(bed.client, [known.address]);
    const kv = await new Kvm(bed.client.js).open(KV_BUCKETS.agents);
    await waitFor(async () => (await kv.get(known.address))?.operation === "PUT");
    const verdict = await submit(bed.client, note(stranger));
    expect(verdict).toMatchObject({ status: "rejected", rejection: { code: "UNKNOWN_AGENT" } });
  });
});
