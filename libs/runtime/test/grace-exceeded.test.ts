import { publish } from "@pod/bus";
import { subjects } from "@pod/protocol";
import { describe, expect, it } from "vitest";
import { EXIT_FAILURE } from "../src/index.js";
import { consumerInFlight, natsForTests, startRelay } from "./helpers.js";

const shared = natsForTests("grace-test");

describe("shutdown grace", () => {
  it("shutdown - work that outlasts SHUTDOWN_GRACE_MS is abandoned: exit 1, the leftovers logged", async () => {
    const { service, url } = await startRelay(shared.nats.url, "accepted", {
      RELAY_HOLD_MS: "60000",
      SHUTDOWN_GRACE_MS: "500",
      LOG_LEVEL: "debug",
    });
    await publish(
      shared.client,
      subjects.ingest("send_direct"),
      { id: "slow-1" },
      { msgId: "slow-1" },
    );
    await waitForInFlight(url);

    service.signal("SIGTERM");
    const exit = await service.exited;
    expect(exit.code, service.output()).toBe(EXIT_FAILURE);
    const report = service.lines.find((l) => l.event === "shutdown_grace_exceeded");
    expect(report, service.output()).toMatchObject({
      level: "error",
      in_flight: 1,
      unfinished: ["consumer", "nats", "telemetry", "http"],
    });
    expect(service.lines.find((l) => l.event === "lifecycle" && l.to === "stopped")).toMatchObject({
      clean: false,
    });
  });
});

async function waitForInFlight(url: string): Promise<void> {
  for (;;) {
    if ((await consumerInFlight(url)) === 1) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
