import { verifyMessageOnChain } from "@pod/proof";
import { generateKeypair, parsePayload } from "@pod/protocol";
import { PodClient } from "@pod/sdk";
import { startStack, type Stack } from "@pod/stack";
import { Connection } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscribeWs } from "../support.js";

let stack: Stack;
const clients: PodClient[] = [];
beforeAll(async () => {
  stack = await startStack({ env: { LOG_LEVEL: "warn" } });
}, 180_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stack?.stop();
}, 60_000);

async function registered(keypair = generateKeypair()): Promise<PodClient> {
  const client = await PodClient.connect({
    natsUrl: stack.natsUrl,
    keypair,
    verdictTimeoutMs: 60_000,
    confirmTimeoutMs: 120_000,
  });
  clients.push(client);
  await client.submitAndConfirm("register_agent", { capabilities: "1", metadataUri: "" });
  return client;
}

describe("subscription - end to end", () => {
  it("a compressed direct message goes through the pipeline to its recipient's socket with a proof the chain accepts", async () => {
    const bobKey = generateKeypair();
    const [alice, bob] = await Promise.all([registered(), registered(bobKey)]);
    const url = stack.service("subscription", 0).httpUrl;
    const sub = subscribeWs(`${url.replace("http", "ws")}/v1/ws`, bobKey);
    await sub.ready;

    const event = await alice.submitAndConfirm("send_direct", {
      to: bob.agent,
      content: { text: "proved hello" },
      contentType: "text/plain",
    });
    const [delivered] = await sub.received(1, 30_000);
    expect(delivered!.event.requestKey).toBe(event.requestKey);
    expect(delivered!.event.storage).not.toBe("direct");
    expect(delivered!.content).toEqual({ text: "proved hello" });
    expect(delivered!.event.commitment).toBe(event.commitment);
    expect(delivered!.proof).toBeDefined();
    const connection = new Connection(stack.rpcUrl, "confirmed");
    expect(await verifyMessageOnChain(connection, delivered!)).toEqual({ ok: true });

    const res = await fetch(`${url}/v1/proof/${event.requestKey}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { event: unknown; proof: unknown };
    parsePayload("event.record.confirmed", body.event);
    expect(await verifyMessageOnChain(connection, body as never)).toEqual({ ok: true });
    await sub.close();
  }, 120_000);
});
