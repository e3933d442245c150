import { compressedMessageData, envelopeHash, recordDataHash } from "@pod/program";
import { PublicKey } from "@solana/web3.js";
import { buildReady, canonicalRequestBytes, fromBase58, fromHex, OPERATIONS } from "@pod/protocol";
import { describe, expect, it } from "vitest";
import { decide, type Policy } from "../src/index.js";
import { requestOf } from "./support/requests.js";

const POLICY: Policy = {
  directForExpiring: true,
  defaultClass: "compressed",
  inlineMaxBase64: 320,
  brotliQuality: 9,
};

function readyOf(op: (typeof OPERATIONS)[number]) {
  const request = requestOf(op);
  const decision = decide(request, POLICY);
  if (decision.route !== "ready") throw new Error(`${op} is not ready`);
  return { request, ready: buildReady(request, decision.storage, decision.location) };
}

describe("what the program stores", () => {
  it("commitment - every ready payload's commitment is the program's envelope hash of the request", () => {
    for (const op of OPERATIONS) {
      const { request, ready } = readyOf(op);
      const expected = envelopeHash(fromBase58(request.sig)!, canonicalRequestBytes(request));
      expect(ready.commitment, op).toBe(expected.toString("hex"));
    }
  });

  it("data hash - the program hashes sender, commitment and the block's clock: compression cannot precompute it", () => {
    const { request, ready } = readyOf("post_channel");
    const sender = new PublicKey(request.agent);
    const commitment = fromHex(ready.commitment)!;
    const at = (seconds: number) =>
      recordDataHash(compressedMessageData(sender, commitment, BigInt(seconds)));
    // The commitment is what the program puts in the record's data, after the sender.
    const data = compressedMessageData(sender, commitment, 0n);
    expect(Buffer.from(data.subarray(32, 64)).toString("hex")).toBe(ready.commitment);
    // created_at is the clock of the slot the record lands in, unknown before it is sent.
    expect(at(1_767_225_600).equals(at(1_767_225_601))).toBe(false);
    // So the ready record carries the commitment and no hash of its own.
    expect(Object.keys(ready).sort()).toEqual([
      "commitment",
      "op",
      "record",
      "requestId",
      "sizes",
      "storage",
      "v",
    ]);
  });
});
