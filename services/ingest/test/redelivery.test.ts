import { createInbox } from "@nats-io/transport-node";
import { connectBus, ensureTopology, publish, type Bus } from "@pod/bus";
import {
  generateKeypair,
  POD_HEADERS,
  requestKeyOf,
  STREAMS,
  subjects,
  type IngestVerdict,
} from "@pod/protocol";
import { startNats, type NatsFixture } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBuckets } from "../src/kv-buckets.js";
import { encodeClaim } from "../src/replay-guard.js";
import {
  ACCEPTED_PREFIX,
  confirmRegistration,
  messagesOf,
  PIPELINE,
  signed,
  startIngest,
  type IngestService,
} from "./support.js";

let nats: NatsFixture;
let client: Bus;
let ingest: IngestService | undefined;

beforeAll(async () => {
  nats = await startNats();
  client = await connectBus({ servers: nats.url, name: "redelivery-test" });
  await ensureTopology(client.jsm);
});
afterAll(async () => {
  await ingest?.stop("test over");
  await client?.close();
  await nats?.stop();
});

describe("ingest after a crash", () => {
  it("ingest - a message redelivered after a crash between its replay claim and its publish is accepted, not refused as a replay", async () => {
    const agent = generateKeypair();
    await confirmRegistration(client, [agent.address]);
    const request = signed(agent, "send_direct", {
      to: generateKeypair().address,
      content: { text: "survives a crash" },
      contentType: "text/plain",
    });
    const requestKey = requestKeyOf(request);
    const inbox = createInbox();
    const verdicts = client.nc.subscribe(inbox, { max: 1, timeout: 15_000 });
    await publish(client, subjects.ingest("send_direct"), request, {
      msgId: requestKey,
      headers: { [POD_HEADERS.replyTo]: inbox },
    });

    // The first attempt: delivered to the durable, its key claimed with the message's stream
    // sequence, then the process dies before publishing (the message goes back unacked).
    const durable = await client.js.consumers.get(STREAMS.requests.name, "ingest");
    const first = await durable.next({ expires: 5_000 });
    expect(first?.info.deliveryCount).toBe(1);
    const buckets = await openBuckets(client, {
      maxClockSkewMs: 300_000,
      ratePerSec: 100,
      burst: 200,
    });
    await buckets.replay.put(requestKey, encodeClaim({ seq: first!.seq }), { previousSeq: 0 });
    first!.nak();

    ingest = await startIngest(nats);
    let verdict: IngestVerdict | undefined;
    for await (const m of verdicts) verdict = m.json<IngestVerdict>();
    expect(verdict).toMatchObject({ status: "accepted", receipt: { requestKey } });

    const accepted = await messagesOf(client, PIPELINE, ACCEPTED_PREFIX);
    expect(accepted.map((m) => m.msgId)).toEqual([`accepted:${requestKey}`]);
    const info = await client.jsm.consumers.info(STREAMS.requests.name, "ingest");
    expect(info.delivered.consumer_seq).toBe(2); // the crashed attempt and the redelivery
    expect(info.ack_floor.stream_seq).toBe(first!.seq);
    // The claim is still the message's own: a later copy of the request remains a replay.
    const claim = await buckets.replay.get(requestKey);
    expect(claim?.json()).toEqual({ seq: first!.seq });
  });
});
