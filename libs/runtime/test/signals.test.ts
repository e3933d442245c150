import { fileURLToPath } from "node:url";
import { connectBus, publish, type Bus } from "@pod/bus";
import { STREAMS, subjects } from "@pod/protocol";
import { startNats, waitFor, type NatsFixture } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT_FAILURE } from "../src/index.js";
import { spawnService, waitForStatus, type ServiceProcess } from "../src/testing/index.js";

const relay = fileURLToPath(new URL("./fixtures/relay-service.ts", import.meta.url));

let nats: NatsFixture;
let client: Bus;

beforeAll(async () => {
  nats = await startNats();
  client = await connectBus({ servers: nats.url, name: "signals-test" });
});
afterAll(async () => {
  await client?.close();
  await nats?.stop();
});

/** A relay holding one message for `holdMs`, with that message in flight. */
async function busyRelay(id: string, holdMs: number): Promise<ServiceProcess> {
  const service = spawnService({
    entry: relay,
    env: {
      NATS_URL: nats.url,
      SERVICE_HTTP_PORT: "0",
      RELAY_STAGE: "ready",
      RELAY_HOLD_MS: String(holdMs),
      SHUTDOWN_GRACE_MS: "20000",
    },
  });
  const url = await service.httpUrl();
  await waitForStatus(`${url}/readyz`, 200);
  await publish(client, subjects.ingest("mark_message"), { id }, { msgId: id });
  await waitFor(async () => {
    const body = (await (await fetch(`${url}/readyz`)).json()) as {
      checks: { name: string; detail?: { in_flight?: number } }[];
    };
    return body.checks.find((c) => c.name === "consumer")?.detail?.in_flight === 1;
  });
  return service;
}

describe("stop signals", () => {
  it("signals - SIGINT then SIGTERM (group Ctrl-C plus a supervisor) still drains and exits 0", async () => {
    const service = await busyRelay("sig-1", 1_500);
    service.signal("SIGINT");
    await service.waitForLine((l) => l.event === "lifecycle" && l.to === "draining");
    service.signal("SIGTERM");

    const exit = await service.exited;
    expect(exit.code, service.output()).toBe(0);
    expect(service.lines.some((l) => l.event === "stop_already_requested")).toBe(true);
    const out = await client.jsm.streams.getMessage(STREAMS.pipeline.name, {
      last_by_subj: subjects.pipeline("ready", "mark_message"),
    });
    expect(out?.header?.get("Nats-Msg-Id")).toBe("ready:sig-1");
  });

  it("signals - the same signal twice stops at once with exit 1", async () => {
    const service = await busyRelay("sig-2", 30_000);
    service.signal("SIGTERM");
    await service.waitForLine((l) => l.event === "lifecycle" && l.to === "draining");
    service.signal("SIGTERM");

    const exit = await service.exited;
    expect(exit.code, service.output()).toBe(EXIT_FAILURE);
    expect(service.lines.some((l) => l.event === "forced_exit")).toBe(true);
    expect(service.lines.some((l) => l.event === "lifecycle" && l.to === "stopped")).toBe(false);
  });
});
