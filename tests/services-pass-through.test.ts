import { connectBus, publish, type Bus } from "@pod/bus";
import { STREAMS, SERVICES, subjects } from "@pod/protocol";
import { getJson, type ServiceProcess } from "@pod/runtime/testing";
import { startNats, waitFor, type NatsFixture } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServiceProcess } from "./helpers/service-processes.js";

let nats: NatsFixture;
let client: Bus;
const running = new Map<string, ServiceProcess>();
const urls = new Map<string, string>();

beforeAll(async () => {
  nats = await startNats();
  client = await connectBus({ servers: nats.url, name: "pass-through-test" });
  // Sequential starts: six TypeScript processes at once crowd two cores.
  for (const name of SERVICES) {
    const service = await startServiceProcess(name, { NATS_URL: nats.url });
    running.set(name, service);
    urls.set(name, await service.httpUrl());
  }
}, 120_000);
afterAll(async () => {
  for (const s of running.values()) s.signal("SIGTERM");
  const exits = await Promise.all([...running.values()].map((s) => s.exited));
  await client?.close();
  await nats?.stop();
  expect(exits.map((e) => e.code)).toEqual(SERVICES.map(() => 0));
});

async function lastOn(subject: string) {
  return client.jsm.streams
    .getMessage(STREAMS.pipeline.name, { last_by_subj: subject })
    .catch(() => undefined);
}

async function metricsText(service: string): Promise<string> {
  return (await fetch(`${urls.get(service)}/metrics`)).text();
}

describe("the six services on the runtime", () => {
  it("services - a request passes ingest and compression unchanged and waits for tx-bundler", async () => {
    const body = { id: "flow-1", agent: "A", text: "hello" };
    await publish(client, subjects.ingest("post_channel"), body, { msgId: "flow-1" });

    const ready = await waitFor(async () => {
      const m = await lastOn(subjects.pipeline("ready", "post_channel"));
      return m?.header?.get("Nats-Msg-Id") === "ready:flow-1" && m;
    });
    expect(ready.json()).toEqual(body);

    const bundler = await getJson(`${urls.get("tx-bundler")}/readyz`);
    expect(bundler.status).toBe(200);
    const consumer = (
      bundler.body as { checks: { name: string; detail: Record<string, unknown> }[] }
    ).checks.find((c) => c.name === "consumer")!;
    expect(consumer.detail).toMatchObject({ durable: "tx-bundler", bound: true, pulling: false });
    expect(String(consumer.detail.reason)).toMatch(/no chain writer/);
    expect(consumer.detail.pending).toBeGreaterThanOrEqual(1);
  });

  it("services - ipfs-storage passes pod.pipeline.store.<op> on to pod.pipeline.ready.<op>", async () => {
    await publish(
      client,
      subjects.pipeline("store", "send_direct"),
      { requestId: "big-1" },
      {
        msgId: "store:big-1",
      },
    );
    const ready = await waitFor(async () => {
      const m = await lastOn(subjects.pipeline("ready", "send_direct"));
      return m?.header?.get("Nats-Msg-Id") === "ready:big-1" && m;
    });
    expect(ready.json()).toEqual({ requestId: "big-1" });
  });

  it("services - metrics counts events by subject and subscription acks and counts them", async () => {
    const events = [
      subjects.event("request", "accepted"),
      subjects.event("request", "accepted"),
      subjects.event("request", "rejected"),
      subjects.event("record", "confirmed"),
    ];
    for (const [i, subject] of events.entries()) {
      await publish(client, subject, { requestId: `ev-${i}` }, { msgId: `ev-${i}` });
    }

    const text = await waitFor(async () => {
      const t = await metricsText("metrics");
      return (
        /pod_events_total\{[^}]*subject="pod\.events\.record\.confirmed"[^}]*\} 1/.test(t) && t
      );
    });
    expect(text).toMatch(
      /pod_events_total\{[^}]*subject="pod\.events\.request\.accepted"[^}]*\} 2/,
    );
    expect(text).toMatch(
      /pod_events_total\{[^}]*subject="pod\.events\.request\.rejected"[^}]*\} 1/,
    );

    await waitFor(async () =>
      /pod_subscription_events_received_total\{[^}]*\} 4/.test(await metricsText("subscription")),
    );
    await waitFor(async () => {
      const info = await client.jsm.consumers.info(STREAMS.events.name, "subscription");
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });
  });
});
