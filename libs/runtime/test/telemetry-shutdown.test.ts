import { createServer, type Server, type Socket } from "node:net";
import { publish } from "@pod/bus";
import { STREAMS, subjects } from "@pod/protocol";
import { freePort, waitFor } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { natsForTests, startRelay } from "./helpers.js";

const GRACE_MS = 2_000;
// Process exit after the last shutdown step (log flush, handles closing) on a busy machine.
const EXIT_SLACK_MS = 2_000;

const shared = natsForTests("telemetry-test");
let blackHole: Server;
let blackHolePort: number;
const held: Socket[] = [];

beforeAll(async () => {
  // A collector that accepts connections and never answers: the worst case for an exporter.
  blackHole = createServer((socket) => void held.push(socket));
  await new Promise<void>((r) => blackHole.listen(0, "127.0.0.1", r));
  blackHolePort = (blackHole.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise((r) => blackHole?.close(r));
});

async function relayWithCollector(endpoint: string, id: string) {
  const { service } = await startRelay(shared.nats.url, "accepted", {
    SHUTDOWN_GRACE_MS: String(GRACE_MS),
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
  });
  await publish(shared.client, subjects.ingest("join_channel"), { id }, { msgId: id });
  await waitFor(async () => {
    const m = await shared.client.jsm.streams
      .getMessage(STREAMS.pipeline.name, {
        last_by_subj: subjects.pipeline("accepted", "join_channel"),
      })
      .catch(() => undefined);
    return m?.header?.get("Nats-Msg-Id") === `accepted:${id}`;
  });
  return service;
}

describe("telemetry without a collector", () => {
  it("telemetry - a collector that never answers does not hold shutdown past the grace", async () => {
    const service = await relayWithCollector(`http://127.0.0.1:${blackHolePort}`, "t-hang");
    // Spans are waiting for export (the batch timer has not necessarily fired yet).
    const sentAt = service.signal("SIGTERM");
    const exit = await service.exited;

    expect(exit.code, service.output()).toBe(0);
    expect(exit.at - sentAt).toBeLessThan(GRACE_MS + EXIT_SLACK_MS);
    expect(service.lines.some((l) => l.event === "telemetry_flush_abandoned")).toBe(true);
    expect(service.lines.find((l) => l.event === "lifecycle" && l.to === "stopped")).toMatchObject({
      clean: true,
    });
    expect(held.length).toBeGreaterThan(0); // the exporter really tried the black hole
  });

  it("telemetry - a refused collector is reported in the service log at warn, and stops cleanly", async () => {
    const closedPort = await freePort();
    const service = await relayWithCollector(`http://127.0.0.1:${closedPort}`, "t-refused");
    // The exporter retries a refused connection until its export timeout, then gives up.
    const warning = await service.waitForLine((l) => l.component === "opentelemetry", 20_000);
    expect(warning).toMatchObject({ level: "warn", service: "ingest" });
    expect(service.lines.find((l) => l.event === "lifecycle" && l.to === "running")).toBeDefined();

    const sentAt = service.signal("SIGTERM");
    const exit = await service.exited;
    expect(exit.code, service.output()).toBe(0);
    expect(exit.at - sentAt).toBeLessThan(GRACE_MS + EXIT_SLACK_MS);
  });
});
