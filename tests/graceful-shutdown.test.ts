import { connectBus, publish, type Bus } from "@pod/bus";
import {
  generateKeypair,
  PROTOCOL_VERSION,
  requestKeyOf,
  signRequest,
  STREAMS,
  subjects,
} from "@pod/protocol";
import type { ServiceProcess } from "@pod/runtime/testing";
import { startNats, waitFor, type NatsFixture } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServiceProcess } from "./helpers/service-processes.js";

const N = 600;
const GRACE_MS = 5_000;
// Process teardown after the last shutdown step, on a shared two-core machine.
const EXIT_SLACK_MS = 2_000;

let nats: NatsFixture;
let client: Bus;
const running: ServiceProcess[] = [];

beforeAll(async () => {
  nats = await startNats();
  client = await connectBus({ servers: nats.url, name: "shutdown-test" });
});
afterAll(async () => {
  await Promise.all(running.map((s) => s.kill()));
  await client?.close();
  await nats?.stop();
});

async function acceptedCount(): Promise<number> {
  const info = await client.jsm.streams.info(STREAMS.pipeline.name, {
    subjects_filter: subjects.pipeline("accepted"),
  });
  return Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
}

async function acceptedIds(): Promise<string[]> {
  const { state } = await client.jsm.streams.info(STREAMS.pipeline.name);
  const ids: string[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
    const m = await client.jsm.streams.getMessage(STREAMS.pipeline.name, { seq });
    if (m?.subject.startsWith("pod.pipeline.accepted.")) ids.push(m.header!.get("Nats-Msg-Id"));
  }
  return ids;
}

function ingest(): Promise<ServiceProcess> {
  return startServiceProcess("ingest", {
    NATS_URL: nats.url,
    SHUTDOWN_GRACE_MS: String(GRACE_MS),
    // Few slots so that the drain meets work in flight rather than an idle consumer.
    CONSUMER_CONCURRENCY: "4",
  }).then((s) => (running.push(s), s));
}

describe("graceful shutdown", () => {
  it("shutdown - SIGTERM mid-stream exits 0 within the grace; after a restart every request arrives once", async () => {
    // Registrations of distinct agents: valid, and accepted without a known agent.
    const requests = Array.from({ length: N }, (_, i) =>
      signRequest(
        {
          v: PROTOCOL_VERSION,
          id: `shutdown-request-${String(i).padStart(4, "0")}`,
          op: "register_agent",
          ts: Date.now(),
          body: { capabilities: "1", metadataUri: `https://agents.example/${i}` },
        },
        generateKeypair(),
      ),
    );
    const first = await ingest();
    for (let i = 0; i < N; i += 50) {
      await Promise.all(
        requests
          .slice(i, i + 50)
          .map((r) => publish(client, subjects.ingest(r.op), r, { msgId: requestKeyOf(r) })),
      );
    }
    await waitFor(async () => (await acceptedCount()) >= 40, { intervalMs: 5 });

    const sentAt = first.signal("SIGTERM");
    const exit = await first.exited;
    expect(exit.code, first.output()).toBe(0);
    expect(exit.at - sentAt).toBeLessThan(GRACE_MS + EXIT_SLACK_MS);
    expect(first.lines.find((l) => l.event === "lifecycle" && l.to === "stopped")).toMatchObject({
      clean: true,
    });
    const atStop = await acceptedCount();
    expect(atStop, "the stop must land mid-stream for this test to mean anything").toBeLessThan(N);

    await ingest();
    // Well below the consumer's ack_wait (30 s): the stopped process acked or released
    // everything it was sent, so nothing waits for a redelivery.
    await waitFor(async () => (await acceptedCount()) >= N, { timeoutMs: 10_000 });
    const ids = await acceptedIds();
    expect(ids).toHaveLength(N);
    expect(new Set(ids)).toEqual(new Set(requests.map((r) => `accepted:${requestKeyOf(r)}`)));
    await waitFor(async () => {
      const c = await client.jsm.consumers.info(STREAMS.requests.name, "ingest");
      return c.num_pending === 0 && c.num_ack_pending === 0;
    });
  }, 90_000);
});
