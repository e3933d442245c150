import { generateKeypair, newRequestId, subjects } from "@pod/protocol";
import { describe, expect, it } from "vitest";
import { ingestForTests, signed, submit, submitRaw } from "./support.js";

const bed = ingestForTests();

function registration(ts = Date.now()) {
  return signed(
    generateKeypair(),
    "register_agent",
    { capabilities: "1", metadataUri: "ipfs://card" },
    { ts },
  );
}

describe("register_agents batches", () => {
  it("ingest - a batch entry already accepted on its own is refused as a replay, and the batch's other claims are given back", async () => {
    const relayer = generateKeypair();
    const seen = registration();
    const fresh = registration();
    expect((await submit(bed.client, seen)).status).toBe("accepted");

    const batch = signed(relayer, "register_agents", { registrations: [fresh, seen] as never });
    const verdict = await submit(bed.client, batch);
    expect(verdict).toMatchObject({
      status: "rejected",
      rejection: { code: "REPLAYED", field: "body.registrations[1]" },
    });

    // Neither the batch's key nor the fresh entry's stayed claimed.
    const retried = signed(
      relayer,
      "register_agents",
      { registrations: [fresh] as never },
      {
        id: batch.id,
      },
    );
    expect(
      (
        await submitRaw(
          bed.client,
          subjects.ingest("register_agents"),
          JSON.stringify(retried),
          newRequestId(),
        )
      ).status,
    ).toBe("accepted");
  });

  it("ingest - a batch entry with a stale timestamp refuses the batch with STALE_TIMESTAMP", async () => {
    const batch = signed(generateKeypair(), "register_agents", {
      registrations: [registration(), registration(Date.now() - 3_600_000)] as never,
    });
    expect(await submit(bed.client, batch)).toMatchObject({
      status: "rejected",
      rejection: { code: "STALE_TIMESTAMP", field: "body.registrations[1].ts" },
    });
  });
});
