import { publish } from "@pod/bus";
import { STREAMS, subjects } from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { describe, expect, it } from "vitest";
import { EXIT_FAILURE } from "../src/index.js";
import type { ServiceProcess } from "../src/testing/index.js";
import { consumerInFlight, natsForTests, startRelay } from "./helpers.js";

const shared = natsForTests("signals-test");

/** A relay holding one message for `holdMs`, with that message in flight. */
async function busyRelay(id: string, holdMs: number): Promise<ServiceProcess> {
  const { service, url } = await startRelay(shared.nats.url, "ready", {
    RELAY_HOLD_MS: String(holdMs),
    SHUTDOWN_GRACE_MS: "20000",
  });
  await publish(shared.client, subjects.ingest("mark_message"), { id }, { msgId: id });
  await waitFor(async () => (await consumerInFlight(url)) === 1);
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
    const out = await shared.client.jsm.streams.getMessage(STREAMS.pipeline.name, {
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
