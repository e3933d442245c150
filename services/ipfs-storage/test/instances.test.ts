import { connectBus, type Bus } from "@pod/bus";
import { decodePayload, ipfsGetReply, requestKeyOf, subjects } from "@pod/protocol";
import { startNats, tmpDir, waitFor, type NatsFixture, type TmpDir } from "@pod/testing";
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ipfsGet,
  messageWithId,
  PIPELINE,
  publishStore,
  sendDirect,
  startIpfsStorage,
  storePayload,
  type IpfsForTests,
} from "./support.js";

let nats: NatsFixture;
let client: Bus;
const dirs: TmpDir[] = [];
const instances: IpfsForTests[] = [];
const content = Buffer.from("stored by the first instance only ".repeat(20));
let cid: string;

beforeAll(async () => {
  nats = await startNats();
  client = await connectBus({ servers: nats.url, name: "ipfs-instances-test" });
  for (let i = 0; i < 2; i++) dirs.push(await tmpDir(`pod-ipfs-${i}-`));
  // Only the first instance runs while the content is stored: only its disk holds the block.
  instances.push(await startIpfsStorage(nats.url, dirs[0]!.path));
  const request = sendDirect(new Uint8Array(content));
  await publishStore(client, storePayload(request));
  const msg = await waitFor(() =>
    messageWithId(
      client,
      PIPELINE,
      subjects.pipeline("ready", "send_direct"),
      `ready:${requestKeyOf(request)}`,
    ),
  );
  cid = (decodePayload("pipeline.ready", msg.data) as { record: { cid: string } }).record.cid;
  instances.push(await startIpfsStorage(nats.url, dirs[1]!.path));
});
afterAll(async () => {
  for (const instance of instances) await instance.stop();
  await client?.close();
  await nats?.stop();
  for (const dir of dirs) await dir.remove();
});

const metricsOf = async (instance: IpfsForTests) => (await fetch(`${instance.url}/metrics`)).text();

describe("several instances share pod.ipfs.get", () => {
  it("every request is answered with the content, whichever instance of the queue group takes it", async () => {
    for (let i = 0; i < 16; i++) {
      const { reply } = await ipfsGet(client, { cid });
      const parsed = ipfsGetReply.parse(reply);
      expect(parsed.ok).toBe(true);
      expect(Buffer.from((parsed as { content: string }).content, "base64")).toEqual(content);
    }
    // Both instances took requests; the second one had the block sent by the first.
    const [first, second] = await Promise.all(instances.map(metricsOf));
    expect(first).toMatch(/pod_ipfs_gets_total\{via="nats",outcome="hit"[^}]*\} [1-9]/);
    expect(second).toMatch(/pod_ipfs_gets_total\{via="nats",outcome="hit"[^}]*\} [1-9]/);
    expect(second).toMatch(/pod_ipfs_peer_fetches_total\{found="true"[^}]*\} [1-9]/);
  });

  it("the gateway of an instance without the block serves it from its peer, hash-checked", async () => {
    const res = await fetch(`${instances[1]!.url}/ipfs/${cid}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(content);
  });

  it("a CID no instance holds is NOT_FOUND after the peer timeout, not a hang", async () => {
    const unknown = CID.createV1(0x55, await sha256.digest(new TextEncoder().encode("nobody")));
    const started = Date.now();
    for (let i = 0; i < 4; i++) {
      const { reply } = await ipfsGet(client, { cid: unknown.toString() });
      expect(ipfsGetReply.parse(reply)).toMatchObject({ ok: false, code: "NOT_FOUND" });
    }
    expect(Date.now() - started).toBeLessThan(4 * 1_000);
  });
});
