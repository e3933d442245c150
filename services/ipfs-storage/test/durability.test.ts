import { connectBus, type Bus } from "@pod/bus";
import { decodePayload, ipfsGetReply, requestKeyOf, subjects } from "@pod/protocol";
import { StartupError } from "@pod/runtime";
import { spawnService, waitForStatus } from "@pod/runtime/testing";
import { startNats, tmpDir, waitFor, type NatsFixture, type TmpDir } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ipfsGet,
  MAIN,
  messageWithId,
  PIPELINE,
  publishStore,
  sendDirect,
  startIpfsStorage,
  storePayload,
  testEnv,
  type IpfsForTests,
} from "./support.js";

let nats: NatsFixture;
let client: Bus;
let dir: TmpDir;
let running: IpfsForTests | undefined;

beforeAll(async () => {
  nats = await startNats();
  client = await connectBus({ servers: nats.url, name: "ipfs-durability-test" });
  dir = await tmpDir("pod-ipfs-durable-");
});
afterAll(async () => {
  await running?.stop();
  await client?.close();
  await nats?.stop();
  await dir?.remove();
});

/** Contents stored so far and the CIDs their ready records carry. */
const pinned = new Map<string, Buffer>();

async function storeThroughPipeline(content: Buffer): Promise<void> {
  const request = sendDirect(new Uint8Array(content));
  await publishStore(client, storePayload(request));
  const msg = await waitFor(
    () =>
      messageWithId(
        client,
        PIPELINE,
        subjects.pipeline("ready", "send_direct"),
        `ready:${requestKeyOf(request)}`,
      ),
    { timeoutMs: 20_000 },
  );
  const ready = decodePayload("pipeline.ready", msg.data) as { record: { cid: string } };
  pinned.set(ready.record.cid, content);
}

async function expectAllServed(ipfs: IpfsForTests): Promise<void> {
  expect(pinned.size).toBeGreaterThan(0);
  for (const [cid, content] of pinned) {
    const { reply } = await ipfsGet(client, { cid });
    const parsed = ipfsGetReply.parse(reply);
    expect([cid, parsed.ok]).toEqual([cid, true]);
    expect(Buffer.from((parsed as { content: string }).content, "base64")).toEqual(content);
    const res = await fetch(`${ipfs.gateway}/ipfs/${cid}`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(content);
  }
}

const sized = (bytes: number, seed: number) =>
  Buffer.from(Uint8Array.from({ length: bytes }, (_, i) => (i * 31 + seed) % 251));

describe("pinned content survives restarts", () => {
  it("after a graceful restart every pinned block is still served, and the stop is bounded and clean", async () => {
    running = await startIpfsStorage(nats.url, dir.path);
    await storeThroughPipeline(sized(1024, 1));
    await storeThroughPipeline(sized(60 * 1024, 2));
    const started = Date.now();
    const outcome = await running.service.stop("restart");
    running = undefined;
    expect(outcome.clean).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);

    running = await startIpfsStorage(nats.url, dir.path);
    await expectAllServed(running);
  });

  it("a second instance on the same DATA_DIR refuses to start instead of sharing the stores", async () => {
    const failure = await startIpfsStorage(nats.url, dir.path).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StartupError);
    expect(String((failure as Error).message)).toMatch(/cannot open the ipfs stores/);
  });

  it("after SIGKILL of a service process every block it acknowledged is still served", async () => {
    await running?.stop();
    running = undefined;
    const child = spawnService({
      entry: MAIN,
      env: testEnv(nats.url, dir.path, { LOG_LEVEL: "info" }),
    });
    try {
      await waitForStatus(`${await child.httpUrl()}/readyz`, 200);
      for (let i = 0; i < 3; i++) await storeThroughPipeline(sized(2048 + i * 5000, 10 + i));
      child.signal("SIGKILL");
      const exit = await child.exited;
      expect(exit.signal).toBe("SIGKILL");
    } finally {
      await child.kill();
    }
    running = await startIpfsStorage(nats.url, dir.path);
    await expectAllServed(running);
  });

  it("content over a lowered IPFS_MAX_CONTENT_BYTES is refused on read with TOO_LARGE (413)", async () => {
    await running?.stop();
    running = await startIpfsStorage(nats.url, dir.path, { IPFS_MAX_CONTENT_BYTES: "1024" });
    const [bigCid] = [...pinned].find(([, content]) => content.length > 1024)!;
    const { reply } = await ipfsGet(client, { cid: bigCid });
    expect(ipfsGetReply.parse(reply)).toMatchObject({ ok: false, code: "TOO_LARGE" });
    const res = await fetch(`${running.gateway}/ipfs/${bigCid}`);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: "TOO_LARGE" });
  });
});
