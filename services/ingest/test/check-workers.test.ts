import { fileURLToPath } from "node:url";
import { connectBus, ensureTopology, type Bus } from "@pod/bus";
import { generateKeypair, subjects } from "@pod/protocol";
import { spawnService, waitForStatus, type ServiceProcess } from "@pod/runtime/testing";
import { startNats, type NatsFixture } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signed, submit, submitRaw } from "./support.js";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));

let nats: NatsFixture;
let client: Bus;
let ingest: ServiceProcess;

beforeAll(async () => {
  nats = await startNats();
  client = await connectBus({ servers: nats.url, name: "check-workers-test" });
  await ensureTopology(client.jsm);
  // As operators run it: its own process, where the check workers can load TypeScript.
  ingest = spawnService({
    entry: MAIN,
    env: { NATS_URL: nats.url, SERVICE_HTTP_PORT: "0", INGEST_CHECK_WORKERS: "2" },
  });
  await waitForStatus(`${await ingest.httpUrl()}/readyz`, 200);
});
afterAll(async () => {
  await ingest?.kill();
  await client?.close();
  await nats?.stop();
});

describe("checks on worker threads", () => {
  it("ingest - with check workers, valid requests are accepted and bad ones keep their code and field", async () => {
    const limits = await ingest.waitForLine((l) => l.event === "ingest_limits");
    expect(limits.checkWorkers).toBe(2);

    const agent = generateKeypair();
    const registration = signed(agent, "register_agent", {
      capabilities: "1",
      metadataUri: "https://agent.example",
    });
    expect(await submit(client, registration)).toMatchObject({ status: "accepted" });

    const forged = JSON.stringify({ ...registration, id: "another-id-0000001" });
    expect(await submitRaw(client, subjects.ingest("register_agent"), forged)).toMatchObject({
      status: "rejected",
      rejection: { code: "BAD_SIGNATURE", field: "sig" },
    });
    const wrong = JSON.stringify({ ...registration, ts: -1 });
    expect(await submitRaw(client, subjects.ingest("register_agent"), wrong)).toMatchObject({
      status: "rejected",
      rejection: { code: "SCHEMA_INVALID", field: "ts" },
    });
    expect(await submitRaw(client, subjects.ingest("register_agent"), "[1,")).toMatchObject({
      status: "rejected",
      rejection: { code: "MALFORMED_JSON" },
    });

    ingest.signal("SIGTERM");
    expect((await ingest.exited).code, ingest.output()).toBe(0);
  });
});
