import { commitmentOf, envelopeFromRecord, type ReadyPayload } from "@pod/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TreeFollower, verifyMessageOnChain } from "../src/index.js";
import { land, startPipeline, type Pipeline } from "./support/pipeline.js";
import { compressedDirect, newAgent, registration } from "./support/requests.js";

let pipe: Pipeline;
let follower: TreeFollower | undefined;

describe("TreeFollower behind the real tx-bundler", () => {
  beforeAll(async () => {
    pipe = await startPipeline();
  }, 90_000);

  afterAll(async () => {
    await follower?.stop();
    await pipe?.stop();
  });

  it("pipeline - every compressed message tx-bundler confirms has a proof that verifies on chain", async () => {
    const alice = newAgent();
    const bob = newAgent();
    await land(pipe.bus, [registration(alice), registration(bob)]);
    const first = await land(pipe.bus, [
      compressedDirect(alice, bob, "one"),
      compressedDirect(bob, alice, "two"),
      compressedDirect(alice, bob, "three"),
    ]);

    follower = new TreeFollower({ source: pipe.connection, pollMs: 200 });
    follower.on("error", () => undefined);
    await follower.start();
    const later = [compressedDirect(bob, alice, "four"), compressedDirect(alice, bob, "five")];
    const waits = later.map((m) => follower!.waitForLeaf(m.commitment, 30_000));
    const second = await land(pipe.bus, later);
    await Promise.all(waits);

    for (const event of [...first, ...second]) {
      expect(event.storage).toBe("compressed");
      // The event's record rebuilds the signed request whose commitment the chain holds.
      expect(commitmentOf(envelopeFromRecord(event as unknown as ReadyPayload))).toBe(
        event.commitment,
      );
      const proof = follower.proofFor(event.commitment);
      expect(proof?.signature).toBe(event.signature);
      expect(proof?.slot).toBe(event.slot);
      await expect(verifyMessageOnChain(pipe.connection, { event, proof })).resolves.toEqual({
        ok: true,
      });
    }
    expect(follower.status()).toMatchObject({ leaves: 5, provable: 5, pending: 0 });
  });
});
