import {
  generateKeypair,
  PROTOCOL_VERSION,
  requestKeyOf,
  STREAMS,
  subjects,
  verifyRequest,
  type RequestRejectedEvent,
  type SignedRequest,
} from "@pod/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClientClosedError,
  ConfirmTimeoutError,
  PodClient,
  RecordFailedError,
  RejectedError,
  VerdictTimeoutError,
} from "../src/index.js";
import {
  answer,
  brokerForTests,
  publishConfirmed,
  publishFailed,
  someRequestKey,
  storedRequest,
  type Broker,
} from "./support/broker.js";

let broker: Broker;
let client: PodClient;
const recipient = generateKeypair().address;
const body = {
  to: recipient,
  content: { text: "hello" },
  contentType: "text/plain",
};

beforeAll(async () => {
  broker = await brokerForTests();
  client = await PodClient.connect({
    natsUrl: broker.nats.url,
    keypair: generateKeypair(),
    verdictTimeoutMs: 5_000,
  });
});
afterAll(async () => {
  await client?.close();
  await broker?.close();
});

describe("PodClient.submit", () => {
  it("submit - publishes the signed request to pod.ingest.<op> with msgId = request key and an inbox, resolves with the accepted receipt", async () => {
    const pending = client.submit("send_direct", body);
    const stored = await storedRequest(broker.bus, subjects.ingest("send_direct"));
    const request = stored.json<SignedRequest>();
    expect(request).toMatchObject({
      v: PROTOCOL_VERSION,
      op: "send_direct",
      agent: client.agent,
      body,
    });
    expect(() => verifyRequest(request)).not.toThrow();
    const requestKey = requestKeyOf(request);
    expect(stored.header.get("Nats-Msg-Id")).toBe(requestKey);
    const receipt = {
      requestId: request.id,
      requestKey,
      acceptedAt: Date.now(),
      stream: STREAMS.pipeline.name,
      seq: 7,
    };
    answer(broker.bus, stored, { status: "accepted", receipt });
    // Without an OpenTelemetry SDK the request still starts a sampled trace, named by its id.
    const traceparent = stored.header.get("traceparent");
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await expect(pending).resolves.toEqual({ ...receipt, traceId: traceparent.split("-")[1] });
  });

  it("submit - a rejected verdict throws RejectedError with the code, reason and field", async () => {
    const pending = client.submit("send_direct", body, { id: "rejected-request-01" });
    const msgId = requestKeyOf({ agent: client.agent, id: "rejected-request-01" });
    const stored = await storedRequest(broker.bus, subjects.ingest("send_direct"), msgId);
    answer(broker.bus, stored, {
      status: "rejected",
      rejection: {
        v: PROTOCOL_VERSION,
        requestId: "rejected-request-01",
        op: "send_direct",
        agent: client.agent,
        code: "RATE_LIMITED",
        reason: "agent is rate limited; retry after 10 ms",
        field: "agent",
        at: Date.now(),
      },
    });
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RejectedError);
    expect(error).toMatchObject({
      code: "RATE_LIMITED",
      field: "agent",
      reason: expect.stringMatching(/rate limited/),
    });
  });

  it("submit - without an answer it throws VerdictTimeoutError naming the request key", async () => {
    const request = client.sign("send_direct", body);
    const error = await client.submitSigned(request, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VerdictTimeoutError);
    expect(error).toMatchObject({ code: "VERDICT_TIMEOUT", requestKey: requestKeyOf(request) });
  });

  it("submit - the same request submitted again is stored once and resolves as a duplicate without a second verdict", async () => {
    const request = client.sign("send_direct", body);
    const first = client.submitSigned(request).catch((e: unknown) => e);
    const stored = await storedRequest(
      broker.bus,
      subjects.ingest("send_direct"),
      requestKeyOf(request),
    );
    const again = await client.submitSigned(request);
    expect(again).toMatchObject({
      duplicate: true,
      requestKey: requestKeyOf(request),
      stream: STREAMS.requests.name,
      seq: stored.seq,
    });
    answer(broker.bus, stored, {
      status: "accepted",
      receipt: {
        requestId: request.id,
        requestKey: requestKeyOf(request),
        acceptedAt: 1,
        stream: STREAMS.pipeline.name,
        seq: 1,
      },
    });
    await expect(first).resolves.toMatchObject({ requestKey: requestKeyOf(request) });
  });

  it("publishRaw - stores the exact bytes under a fresh msgId and resolves with the verdict", async () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x7b]);
    const pending = client.publishRaw(subjects.ingest("post_channel"), bytes);
    const stored = await storedRequest(broker.bus, subjects.ingest("post_channel"));
    expect(stored.data).toEqual(bytes);
    const rejection: RequestRejectedEvent = {
      v: PROTOCOL_VERSION,
      code: "INVALID_UTF8",
      reason: "request bytes are not valid UTF-8",
      at: Date.now(),
    };
    answer(broker.bus, stored, { status: "rejected", rejection });
    await expect(pending).resolves.toEqual({ status: "rejected", rejection });
  });
});

describe("PodClient.waitFor", () => {
  it("waitFor - resolves with a record.confirmed event published before the wait started", async () => {
    const key = someRequestKey();
    const event = await publishConfirmed(broker.bus, key);
    await new Promise((r) => setTimeout(r, 200));
    await expect(client.waitFor(key, { timeoutMs: 5_000 })).resolves.toEqual(event);
  });

  it("waitFor - resolves with an event published after the wait started; several waiters share it", async () => {
    const key = someRequestKey();
    const waits = [
      client.waitFor(key, { timeoutMs: 5_000 }),
      client.waitFor(key, { timeoutMs: 5_000 }),
    ];
    const event = await publishConfirmed(broker.bus, key);
    await expect(Promise.all(waits)).resolves.toEqual([event, event]);
  });

  it("waitFor - record.failed throws RecordFailedError with the failure code and reason", async () => {
    const key = someRequestKey();
    const wait = client.waitFor(key, { timeoutMs: 5_000 }).catch((e: unknown) => e);
    await publishFailed(broker.bus, key);
    const error = await wait;
    expect(error).toBeInstanceOf(RecordFailedError);
    expect(error).toMatchObject({
      code: "RECORD_FAILED",
      failureCode: "SIMULATION_FAILED",
      requestKey: key,
    });
  });

  it("waitFor - an event stored before the client connected is found in the stream with `since`", async () => {
    const key = someRequestKey();
    const before = Date.now();
    const event = await publishConfirmed(broker.bus, key);
    const late = await PodClient.connect({
      natsUrl: broker.nats.url,
      keypair: generateKeypair(),
      eventLookbackMs: 0,
    });
    try {
      await expect(late.waitFor(key, { timeoutMs: 300 })).rejects.toBeInstanceOf(
        ConfirmTimeoutError,
      );
      await expect(late.waitFor(key, { timeoutMs: 5_000, since: before - 1_000 })).resolves.toEqual(
        event,
      );
    } finally {
      await late.close();
    }
  });

  it("submitAndConfirm - resolves with the confirmed event of the submitted request", async () => {
    const id = "confirm-request-01";
    const key = requestKeyOf({ agent: client.agent, id });
    const pending = client.submitAndConfirm("send_direct", body, { id, confirmTimeoutMs: 5_000 });
    const stored = await storedRequest(broker.bus, subjects.ingest("send_direct"), key);
    answer(broker.bus, stored, {
      status: "accepted",
      receipt: {
        requestId: id,
        requestKey: key,
        acceptedAt: Date.now(),
        stream: STREAMS.pipeline.name,
        seq: 3,
      },
    });
    const event = await publishConfirmed(broker.bus, key, client.agent);
    await expect(pending).resolves.toEqual(event);
  });

  it("close - pending waits reject with ClientClosedError and later calls are refused", async () => {
    const other = await PodClient.connect({ natsUrl: broker.nats.url, keypair: generateKeypair() });
    const wait = other.waitFor(someRequestKey(), { timeoutMs: 10_000 }).catch((e: unknown) => e);
    await other.close();
    expect(await wait).toBeInstanceOf(ClientClosedError);
    await expect(other.submit("send_direct", body)).rejects.toBeInstanceOf(ClientClosedError);
  });
});
