import { fileURLToPath } from "node:url";
import { connectBus, type Bus } from "@pod/bus";
import { startNats, type NatsFixture } from "@pod/testing";
import { afterAll, beforeAll } from "vitest";
import { spawnService, waitForStatus, type ServiceProcess } from "../src/testing/index.js";

/** The fixture service that forwards one pipeline stage (RELAY_STAGE) to the next. */
export const RELAY_SERVICE = fileURLToPath(new URL("./fixtures/relay-service.ts", import.meta.url));

/** A NATS server and one client connection to it, shared by a test file. */
export interface NatsForTests {
  readonly nats: NatsFixture;
  /** The test's own connection, for publishing inputs and reading streams. */
  readonly client: Bus;
}

/**
 * Starts a NATS server and connects a client named `clientName` before the tests of the
 * enclosing scope; closes both after them. Read the fields inside tests.
 */
export function natsForTests(clientName: string): NatsForTests {
  let nats: NatsFixture | undefined;
  let client: Bus | undefined;

  beforeAll(async () => {
    nats = await startNats();
    client = await connectBus({ servers: nats.url, name: clientName });
  });
  afterAll(async () => {
    await client?.close();
    await nats?.stop();
  });

  return {
    get nats() {
      if (nats === undefined) throw new Error("NATS is started in beforeAll");
      return nats;
    },
    get client() {
      if (client === undefined) throw new Error("the client connects in beforeAll");
      return client;
    },
  };
}

/** How many messages the service's consumer holds right now, as its /readyz reports. */
export async function consumerInFlight(url: string): Promise<number | undefined> {
  const body = (await (await fetch(`${url}/readyz`)).json()) as {
    checks: { name: string; detail?: { in_flight?: number } }[];
  };
  return body.checks.find((c) => c.name === "consumer")?.detail?.in_flight;
}

/**
 * The relay service on `natsUrl` forwarding `stage`, HTTP on a port of its choosing, once its
 * /readyz answers 200; `env` adds to or overrides those variables.
 */
export async function startRelay(
  natsUrl: string,
  stage: string,
  env: Record<string, string> = {},
): Promise<{ service: ServiceProcess; url: string }> {
  const service = spawnService({
    entry: RELAY_SERVICE,
    env: { NATS_URL: natsUrl, SERVICE_HTTP_PORT: "0", RELAY_STAGE: stage, ...env },
  });
  const url = await service.httpUrl();
  await waitForStatus(`${url}/readyz`, 200);
  return { service, url };
}
