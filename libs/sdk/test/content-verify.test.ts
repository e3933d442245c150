import { randomBytes } from "node:crypto";
import { TreeFollower } from "@pod/proof";
import { toBase64, type RecordConfirmedEvent } from "@pod/protocol";
import { Connection } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContentFetchError, type PodClient } from "../src/index.js";
import { startSdkStack, type SdkStack } from "./support/stack.js";

let s: SdkStack;
let alice: PodClient;
let bob: PodClient;
let follower: TreeFollower;

beforeAll(async () => {
  s = await startSdkStack();
  [alice, bob] = await Promise.all([s.registered(), s.registered()]);
  follower = new TreeFollower({ source: new Connection(s.stack.rpcUrl, "confirmed"), pollMs: 200 });
  await follower.start();
}, 180_000);
afterAll(async () => {
  await follower?.stop();
  await s?.stop();
});

// Random bytes do not compress: over the inline limit, so the content goes to IPFS.
const large = new Uint8Array(randomBytes(40_000));
let ipfsEvent: RecordConfirmedEvent;

describe("fetchContent and contentOf", () => {
  it("fetchContent - large content (IPFS class) comes back byte for byte, checked against its CID", async () => {
    const { event } = await alice.sendDirect({ to: bob.agent, bytes: large }, { confirm: true });
    if (event.op !== "send_direct") throw new Error(event.op);
    expect(event.record.cid).toMatch(/^b/);
    ipfsEvent = event;
    const bytes = await bob.fetchContent(event.record.cid!);
    expect(Buffer.from(bytes).equals(Buffer.from(large))).toBe(true);
  });

  it("contentOf - fetches IPFS content of a delivery without content, and returns inline text as text", async () => {
    const fetched = await bob.contentOf({ event: ipfsEvent });
    expect(fetched).toMatchObject({
      source: "ipfs",
      cid: (ipfsEvent.record as { cid: string }).cid,
    });
    expect(Buffer.from(fetched.bytes).equals(Buffer.from(large))).toBe(true);

    const { event } = await alice.sendDirect({ to: bob.agent, text: "short" }, { confirm: true });
    expect(await bob.contentOf({ event })).toMatchObject({ source: "inline", text: "short" });
  });

  it("fetchContent - a CID nobody stored is CONTENT_NOT_FOUND; a malformed one CID_INVALID before asking", async () => {
    const { parseCid } = await import("../src/index.js");
    // A valid raw CID of other bytes: the IPFS CID of ipfsEvent with its last digest byte flipped.
    const cid = (ipfsEvent.record as { cid: string }).cid;
    const other = cid.slice(0, -1) + (cid.endsWith("a") ? "b" : "a");
    expect(parseCid(other)).toBeDefined();
    const missing = await bob.fetchContent(other).catch((e) => e);
    expect(missing).toBeInstanceOf(ContentFetchError);
    expect(missing.code).toBe("CONTENT_NOT_FOUND");
    const invalid = await bob.fetchContent("not-a-cid").catch((e) => e);
    expect(invalid).toMatchObject({ code: "CID_INVALID" });
  });
});

describe("verifyMessage", () => {
  it("verifyMessage - an inline compressed message with its proof passes every check", async () => {
    const { event } = await alice.sendDirect(
      { to: bob.agent, text: "prove me" },
      { confirm: true },
    );
    expect(event.storage).toBe("inline");
    const proof = await follower.waitForLeaf(event.commitment, 20_000);
    const report = await bob.verifyMessage({ event, proof });
    expect(report).toEqual({
      ok: true,
      signature: "ok",
      content: "ok",
      inclusion: "ok",
      failures: [],
    });

    // A tampered copy: other content under the same record fails content and signature.
    const tampered = await bob.verifyMessage({ event, proof, content: { text: "prove you" } });
    expect(tampered).toMatchObject({ ok: false, content: "failed", signature: "unavailable" });
    expect(tampered.failures[0]).toMatchObject({ check: "content", code: "CONTENT_HASH_MISMATCH" });

    // A forged record: a recipient the agent never signed for.
    const forged = {
      ...event,
      record: { ...event.record, recipient: alice.agent },
    } as typeof event;
    expect(await bob.verifyMessage({ event: forged, proof })).toMatchObject({
      ok: false,
      signature: "failed",
      failures: [expect.objectContaining({ check: "signature", code: "BAD_SIGNATURE" })],
    });

    // A proof whose root is not the tree's: inclusion fails.
    const badRoot = { ...proof, root: "00".repeat(32) };
    const report2 = await bob.verifyMessage({ event, proof: badRoot });
    expect(report2).toMatchObject({ ok: false, signature: "ok", inclusion: "failed" });
  });

  it("verifyMessage - IPFS content is fetched to check the signature; a per-account message has no tree proof", async () => {
    const proof = await follower.waitForLeaf(ipfsEvent.commitment, 20_000);
    expect(await bob.verifyMessage({ event: ipfsEvent, proof })).toMatchObject({
      ok: true,
      content: "ok",
      signature: "ok",
      inclusion: "ok",
    });
    const withBytes = await bob.verifyMessage({ event: ipfsEvent, proof }, large);
    expect(withBytes.ok).toBe(true);

    const { event } = await alice.sendDirect(
      { to: bob.agent, bytes: toBase64(new Uint8Array([1, 2, 3])), expiresAt: Date.now() + 60_000 },
      { confirm: true },
    );
    expect(await bob.verifyMessage({ event })).toMatchObject({
      ok: true,
      signature: "ok",
      inclusion: "not-compressed",
    });
  });
});
